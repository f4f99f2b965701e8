"""Decision letters: the approval letter (tilsagnsbrev) with the payment rules, or a rejection."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from reports.data import DecisionLetterData
from reports.fmt import esc, format_date, format_instant_date, format_money, format_period
from reports.layout import CONTENT_WIDTH, render, section, title
from reports.styles import styles


def _address_block(data: DecisionLetterData, reference: str) -> Table:
    st = styles()
    app = data.application
    left = Paragraph(f"{esc(app.applicant_name)}<br/>{esc(app.applicant_address)}", st.body)
    right = Paragraph(
        f"{format_instant_date(data.decided_at)}<br/>Sagsnummer: <b>{esc(reference)}</b>",
        st.body,
    )
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.font),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _payment_rules(data: DecisionLetterData, reference: str) -> list[Flowable]:
    """The R6–R9 rules and the deadline, written to the resident in plain Danish."""
    st = styles()
    org = data.application.organisation
    granted = format_money(data.granted or 0)
    decided = format_instant_date(data.decided_at)
    if data.invoice_deadline is not None:
        deadline = (
            f"Fakturaerne skal være modtaget senest <b>{format_date(data.invoice_deadline)}</b>. "
            "Er der ikke kommet nogen faktura inden da, bortfalder tilsagnet, og pengene går "
            "tilbage til puljen."
        )
    else:
        deadline = "Administrationen oplyser fristen for fakturaer, når aktiviteten er holdt."
    rules = [
        f"Tilsagnet er givet den {decided}, før aktiviteten holdes. Udgifter til noget, der "
        "er holdt før denne dato, dækkes ikke.",
        "Fakturaen skal komme fra den leverandør (3. person), der leverer varen eller "
        "ydelsen – ikke fra jer selv. Puljen betaler ikke penge ud til beboere, og udlæg "
        "refunderes ikke.",
        f"Fakturaen skal lyde på <b>{esc(org.legal_name)}, CVR-nr. {esc(org.cvr)}</b>. "
        "En faktura med et andet navn eller CVR-nr. bliver afvist.",
        f"Leverandøren sender fakturaen til {_invoice_destination(org)} og skriver "
        f"sagsnummer {esc(reference)} på den.",
        f"{esc(org.name)} betaler leverandøren direkte – i alt højst det bevilgede beløb, "
        f"{granted}, for hele aktiviteten. Det, der ligger ud over, betaler puljen ikke.",
        deadline,
    ]
    return [Paragraph(rule, st.bullet, bulletText="•") for rule in rules]


def _invoice_destination(org) -> str:
    """Where the organisation receives invoices: its invoice address, e-mail and EAN."""
    address = esc(org.invoice_address or f"{org.name}, {org.address}")
    electronic = [f"e-mail {esc(org.invoice_email)}" if org.invoice_email else "",
                  f"EAN {esc(org.ean)}" if org.ean else ""]
    electronic = [way for way in electronic if way]
    return address + (f" ({' eller '.join(electronic)})" if electronic else "")


def _contact(data: DecisionLetterData) -> str:
    """The caseworker who decided, and how to reach the organisation."""
    org = data.application.organisation
    ways = [f"tlf. {esc(org.phone)}" if org.phone else "", esc(org.email)]
    reach = ", ".join(way for way in ways if way)
    person = f"{esc(data.caseworker_name)}, " if data.caseworker_name else ""
    return f"Kontakt om sagen: {person}{esc(org.name)}" + (f", {reach}" if reach else "") + "."


def _approval(data: DecisionLetterData, reference: str) -> list[Flowable]:
    st = styles()
    app = data.application
    granted = format_money(data.granted or 0)
    story: list[Flowable] = [
        title(f"Tilsagn om støtte fra fællesskabspuljen {app.pool_year}"),
        Paragraph(f"Kære {esc(app.applicant_name)}", st.body),
        Paragraph(
            f"{esc(app.organisation.name)} har bevilget <b>{granted}</b> til "
            f"»{esc(app.title)}« i {esc(app.department)} "
            + ("den " if app.period_start == app.period_end else "i perioden ")
            + f"{format_period(app.period_start, app.period_end)}.",
            st.body,
        ),
    ]
    if data.granted is not None and data.granted < app.requested:
        story.append(Paragraph(
            f"Tilsagnet er på {granted} af de {format_money(app.requested)}, der blev søgt om.",
            st.body))
        if (data.reason or "").strip():
            story.append(Paragraph(f"Begrundelse: {esc(data.reason)}", st.body))
    story += [section("Sådan bliver regningerne betalt"), *_payment_rules(data, reference)]
    return story


def _rejection(data: DecisionLetterData) -> list[Flowable]:
    st = styles()
    app = data.application
    return [
        title(f"Afslag på ansøgning om støtte fra fællesskabspuljen {app.pool_year}"),
        Paragraph(f"Kære {esc(app.applicant_name)}", st.body),
        Paragraph(
            f"Vi har behandlet din ansøgning om {format_money(app.requested)} til "
            f"»{esc(app.title)}«. Vi kan desværre ikke give støtte.", st.body),
        section("Begrundelse"),
        Paragraph(esc(data.reason or ""), st.body),
        section("Kan du søge igen?"),
        Paragraph("Ja. Et afslag gælder kun denne ansøgning. Du er velkommen til at sende en "
                  "ny ansøgning, fx når aktiviteten er tilpasset begrundelsen ovenfor, så "
                  "længe puljen har penge tilbage.", st.body),
    ]


def _check(data: DecisionLetterData) -> str:
    if data.application.reference is None:
        raise ValueError("Et afgørelsesbrev kræver en indsendt ansøgning med sagsnummer.")
    if data.approved and data.granted is None:
        raise ValueError("Et tilsagnsbrev kræver et bevilget beløb.")
    if not data.approved and not (data.reason or "").strip():
        raise ValueError("Et afslag kræver en begrundelse.")
    return data.application.reference


def build_decision_letter_pdf(data: DecisionLetterData) -> bytes:
    """Render the approval letter (approved) or the rejection letter with its reason."""
    reference = _check(data)
    st = styles()
    app = data.application
    kind = "Tilsagn" if data.approved else "Afslag"
    story = [_address_block(data, reference), Spacer(1, 14)]
    story += _approval(data, reference) if data.approved else _rejection(data)
    story += [
        Spacer(1, 6),
        Paragraph(f"Oplys sagsnummer <b>{esc(reference)}</b>, når du kontakter os om sagen. "
                  f"{_contact(data)}", st.body),
        Spacer(1, 8),
        Paragraph(f"Med venlig hilsen<br/>{esc(data.caseworker_name)}<br/>"
                  f"{esc(app.organisation.name)}", st.body),
        Spacer(1, 10),
        Paragraph(f"Afgjort efter »{esc(app.rule_version)}«.", st.small),
    ]
    return render(
        story,
        organisation=app.organisation,
        title=f"{kind} – ansøgning {reference}: {app.title}",
        subject=f"{kind} på ansøgning om støtte fra fællesskabspuljen {app.pool_year}",
        footer=f"{kind} · sag {reference}",
    ).pdf
