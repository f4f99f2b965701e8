"""The case statement: what was granted, each invoice and payment, what is left, the history."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table

from reports.data import CaseStatementData
from reports.fmt import esc, format_date, format_instant, format_money
from reports.layout import CONTENT_WIDTH, render, section, title
from reports.styles import grid_style, styles

MONEY_WIDTH = 72


def _table(header: list[str], rows: list[list], widths: list[float], *,
           numeric: tuple[int, ...] = (), total: bool = False) -> Table:
    st = styles()
    cells = [[Paragraph(esc(value), st.cell) if isinstance(value, str) else value
              for value in row] for row in rows]
    table = Table([header, *cells], colWidths=widths, repeatRows=1, hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(grid_style(numeric_columns=numeric, total_row=total))
    return table


def _money_cell(amount: int, bold: bool = False) -> Paragraph:
    st = styles()
    text = format_money(amount)
    return Paragraph(f"<b>{text}</b>" if bold else text, st.cell_right)


def _summary(data: CaseStatementData) -> Table:
    app = data.application
    rows = [
        ["Ansøgt", _money_cell(app.requested)],
        ["Bevilget", _money_cell(data.granted or 0)],
        ["Udbetalt" + (" (efter tilbagebetalinger)" if data.refunds else ""),
         _money_cell(data.paid)],
        ["Godkendt, ikke betalt endnu", _money_cell(data.accepted_unpaid)],
        ["Tilbage af bevillingen", _money_cell(data.remaining)],
        ["Frigivet til puljen", _money_cell(data.released)],
    ]
    if data.refunds_due:
        rows.insert(3, ["Leverandører skal betale tilbage", _money_cell(data.refunds_due)])
    return _table(["Post", "Beløb"], rows, [CONTENT_WIDTH - 120, 120], numeric=(1,))


def _invoices(data: CaseStatementData) -> list[Flowable]:
    if not data.invoices:
        return [Paragraph("Der er ikke registreret nogen fakturaer.", styles().body)]
    rows = []
    for invoice in data.invoices:
        supplier = invoice.supplier_name
        if invoice.supplier_cvr:
            supplier += f" (CVR {invoice.supplier_cvr})"
        remark = "; ".join(filter(None, [invoice.note, invoice.refusal_reason]))
        if invoice.payment_account:
            remark = "; ".join(filter(None, [remark, f"konto {invoice.payment_account}"]))
        rows.append([supplier, invoice.number, format_date(invoice.issue_date),
                     _money_cell(invoice.amount), invoice.state, remark])
    widths = [110, 55, 62, MONEY_WIDTH, 50]
    widths.append(CONTENT_WIDTH - sum(widths))
    header = ["Leverandør", "Fakturanr.", "Dato", "Beløb", "Status", "Bemærkning"]
    return [_table(header, rows, widths, numeric=(3,))]


# The Danish labels of the states in which nothing more will be paid.
FINAL_LABELS = ("afslået", "trukket tilbage", "afsluttet", "bortfaldet")


def _payments(data: CaseStatementData) -> list[Flowable]:
    if not data.payments:
        if data.state in FINAL_LABELS:
            return [Paragraph("Der blev ikke udbetalt noget på sagen.", styles().body)]
        return [Paragraph("Der er ikke udbetalt noget endnu.", styles().body)]
    rows: list[list] = [
        [format_date(p.paid_on), p.supplier_name, p.invoice_number, _money_cell(p.amount),
         p.reference]
        for p in data.payments
    ]
    rows.append(["I alt", "", "", _money_cell(sum(p.amount for p in data.payments), True), ""])
    widths = [70, 150, 70, MONEY_WIDTH]
    widths.append(CONTENT_WIDTH - sum(widths))
    header = ["Dato", "Betalt til leverandør", "Faktura", "Beløb", "Reference"]
    return [_table(header, rows, widths, numeric=(3,), total=True)]


def _refunds(data: CaseStatementData) -> list[Flowable]:
    if not data.refunds:
        return []
    rows: list[list] = [
        [format_date(r.paid_on), r.supplier_name, r.invoice_number, _money_cell(r.amount),
         r.reference]
        for r in data.refunds
    ]
    rows.append(["I alt", "", "", _money_cell(sum(r.amount for r in data.refunds), True), ""])
    widths = [70, 150, 70, MONEY_WIDTH]
    widths.append(CONTENT_WIDTH - sum(widths))
    header = ["Dato", "Betalt tilbage af", "Faktura", "Beløb", "Reference"]
    return [section("Tilbagebetalinger efter kreditnotaer"),
            _table(header, rows, widths, numeric=(3,), total=True)]


def _history(data: CaseStatementData) -> list[Flowable]:
    if not data.audit:
        return [Paragraph("Ingen hændelser.", styles().body)]
    rows = []
    for line in data.audit:
        change = ""
        if line.from_state or line.to_state:
            change = f"{line.from_state or '–'} → {line.to_state or '–'}"
        rows.append([format_instant(line.at), line.actor, line.action, change, line.note or ""])
    widths = [104, 92, 64, 100]
    widths.append(CONTENT_WIDTH - sum(widths))
    header = ["Tidspunkt", "Hvem", "Handling", "Status", "Bemærkning"]
    return [_table(header, rows, widths)]


def _notes(data: CaseStatementData) -> list[Flowable]:
    if not data.notes:
        return []
    rows = [[format_instant(note.at), note.author, note.text] for note in data.notes]
    widths = [104, 92]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [section("Interne noter (kun for medarbejdere)"),
            _table(["Tidspunkt", "Skrevet af", "Note"], rows, widths)]


def build_case_statement_pdf(data: CaseStatementData) -> bytes:
    """Render the statement of one case: grant, invoices, payments, balance and history."""
    st = styles()
    app = data.application
    reference = app.reference or "kladde"
    story: list[Flowable] = [
        title(f"Sagsoversigt {reference}"),
        Paragraph(f"<b>{esc(app.title)}</b> · {esc(app.department)} · "
                  f"ansøger {esc(app.applicant_name)}", st.body),
        Paragraph(f"Status: <b>{esc(data.state)}</b> · afgøres efter »{esc(app.rule_version)}«",
                  st.body),
        section("Bevilling og økonomi"),
        _summary(data),
        section("Fakturaer"),
        *_invoices(data),
        section("Udbetalinger"),
        *_payments(data),
        *_refunds(data),
        section("Historik"),
        Paragraph("Tidspunkter er dansk tid.", st.small),
        *_history(data),
        *_notes(data),
    ]
    return render(
        story,
        organisation=app.organisation,
        title=f"Sagsoversigt {reference}: {app.title}",
        subject=f"Sagsoversigt for ansøgning {reference} til fællesskabspuljen {app.pool_year}",
        footer=f"Sagsoversigt · sag {reference}",
    ).pdf
