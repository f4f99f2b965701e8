"""The one-page application the board sees (R3, R4, R5), and the page check the form relies on."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.data import ApplicationData
from reports.fmt import esc, format_instant, format_money, format_number, format_period
from reports.layout import CONTENT_WIDTH, Heading, Rendered, render, title
from reports.styles import CELL_PADDING, HEADER_BG, RULE, TABLE_SIZE, grid_style, styles

TICKED = "☒"
UNTICKED = "☐"
AMOUNT_WIDTH = 95


def _heading(text: str) -> Heading:
    return Heading(text, styles().h2, 1)


def _status_line(data: ApplicationData) -> str:
    if data.reference is None:
        state = "Kladde – ikke indsendt"
    elif data.submitted_at is None:
        state = f"Sagsnummer {data.reference}"
    else:
        state = f"Sagsnummer {data.reference} · modtaget {format_instant(data.submitted_at)}"
    return f"{state} · efter »{data.rule_version}«"


def _applicant(data: ApplicationData) -> Table:
    st = styles()
    label_width = 55
    value_width = CONTENT_WIDTH / 2 - label_width

    def cell(text: str, bold: bool = False) -> Paragraph:
        return Paragraph(esc(text), st.cell_bold if bold else st.cell)

    rows = [
        [cell("Navn", True), cell(data.applicant_name), cell("Afdeling", True),
         cell(data.department)],
        [cell("Adresse", True), cell(data.applicant_address), cell("E-mail", True),
         cell(data.applicant_email)],
        [cell("Telefon", True), cell(data.applicant_phone), "", ""],
    ]
    table = Table(rows, colWidths=[label_width, value_width] * 2, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.font, TABLE_SIZE),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
        ("BACKGROUND", (2, 0), (2, -1), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return table


def _budget(data: ApplicationData) -> Table:
    st = styles()
    rows: list[list] = [["Post", "Beløb"]]
    for line in data.budget_lines:
        rows.append([Paragraph(esc(line.description), st.cell),
                     Paragraph(format_money(line.amount), st.cell_right)])
    total = sum(line.amount for line in data.budget_lines)
    rows.append(["I alt", format_money(total)])
    if total != data.requested:
        rows.append(["Ansøgt beløb", format_money(data.requested)])
    table = Table(rows, colWidths=[CONTENT_WIDTH - AMOUNT_WIDTH, AMOUNT_WIDTH], repeatRows=1,
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(grid_style(numeric_columns=(1,), total_row=True))
    return table


def _purposes(data: ApplicationData) -> list[Flowable]:
    st = styles()
    lines = []
    for attribute, label in data.purpose_labels:
        mark = TICKED if getattr(data, attribute) else UNTICKED
        lines.append(f"{mark} Aktiviteten {label}")
    return [Paragraph("<br/>".join(esc(line) for line in lines), st.body)]


def _story(data: ApplicationData) -> list[Flowable]:
    st = styles()
    return [
        title(f"Ansøgning om støtte fra fællesskabspuljen {data.pool_year}"),
        Paragraph(esc(_status_line(data)), st.small),
        _heading("1. Ansøger"),
        _applicant(data),
        _heading("2. Formål og aktivitet"),
        Paragraph(f"<b>{esc(data.title)}</b>", st.body),
        Paragraph(esc(data.purpose), st.body),
        _heading("3. Forventet antal deltagere"),
        Paragraph(format_number(data.expected_participants), st.body),
        _heading("4. Periode"),
        Paragraph(esc(format_period(data.period_start, data.period_end)), st.body),
        _heading("5. Økonomi"),
        _budget(data),
        _heading("Puljens formål (mindst ét skal passe)"),
        *_purposes(data),
    ]


def _render(data: ApplicationData) -> Rendered:
    name = data.reference or "kladde"
    return render(
        _story(data),
        organisation=data.organisation,
        title=f"Ansøgning {name}: {data.title}",
        subject=f"Ansøgning om støtte fra fællesskabspuljen {data.pool_year}",
        footer=f"Ansøgning {name}",
    )


def build_application_pdf(data: ApplicationData) -> bytes:
    """Render the application as the PDF the board sees."""
    return _render(data).pdf


def page_count(data: ApplicationData) -> int:
    """Return how many A4 pages the application takes when actually rendered (R3: max 1)."""
    return _render(data).pages


def overflow_chars(data: ApplicationData) -> int | None:
    """Return how many characters the purpose must lose to fit one page.

    0 when it already fits; None when even an empty purpose would not fit (then the budget or
    other fields are too long). Found by bisecting the purpose length with real renderings.
    """
    if page_count(data) <= 1:
        return 0
    if page_count(replace(data, purpose="")) > 1:
        return None
    fits, too_long = 0, len(data.purpose)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if page_count(replace(data, purpose=data.purpose[:middle])) <= 1:
            fits = middle
        else:
            too_long = middle
    return len(data.purpose) - fits
