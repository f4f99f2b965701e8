"""The board's yearly report (årsrapport): totals, breakdowns, every grant, open cases."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from reports.charts import horizontal_bars
from reports.data import GrantRow, GroupRow, YearReportData
from reports.fmt import (
    esc,
    format_date,
    format_days,
    format_instant,
    format_money,
    format_number,
)
from reports.layout import (
    CONTENT_WIDTH,
    render,
    section,
    section_before_long,
    subsection,
    title,
)
from reports.styles import styles
from reports.tables import PagedTable

TOP_DEPARTMENTS = 10
MONEY = 74
COUNT = 40
GRANT_WIDTHS = (56, 76, None, 34, MONEY, MONEY, 58)
GRANT_HEADER = ("Sagsnr.", "Afdeling", "Titel", "Delt.", "Bevilget", "Udbetalt", "Status")


def _widths(widths: Sequence[float | None]) -> list[float]:
    """Give the one open (None) column whatever the fixed columns leave of the page."""
    rest = CONTENT_WIDTH - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def _totals(data: YearReportData) -> list[Flowable]:
    labels = ["Puljen i alt", "Bevilget", "Udbetalt", "Frigivet", "Til rådighed"]
    values = [data.total, data.granted, data.paid, data.released, data.available]
    table = PagedTable(("Post", "Beløb"), [[label, format_money(value)]
                                       for label, value in zip(labels, values, strict=True)],
                       _widths([None, 110]), numeric_columns=(1,))
    return [table, horizontal_bars(labels, values, CONTENT_WIDTH, multicolour=True)]


def _applications(data: YearReportData) -> list[Flowable]:
    rows = [[label, format_number(n)] for label, n in data.by_state]
    total = ["I alt", format_number(sum(n for _, n in data.by_state))]
    if data.average_days_to_decision is None:
        average = "Ingen ansøgninger er afgjort i året endnu."
    else:
        average = (f"Gennemsnitlig tid fra modtagelse til afgørelse: "
                   f"<b>{format_days(data.average_days_to_decision)} dage</b>.")
    return [
        PagedTable(("Status", "Antal"), rows, _widths([None, 80]), numeric_columns=(1,),
                   total_row=total),
        Paragraph(average, styles().body),
    ]


def _groups(label: str, groups: Sequence[GroupRow]) -> PagedTable:
    rows = [[g.label, format_number(g.count), format_money(g.granted), format_money(g.paid),
             format_number(g.participants)] for g in groups]
    total = ["I alt", format_number(sum(g.count for g in groups)),
             format_money(sum(g.granted for g in groups)),
             format_money(sum(g.paid for g in groups)),
             format_number(sum(g.participants for g in groups))]
    header = (label, "Bevillinger", "Bevilget", "Udbetalt", "Deltagere")
    return PagedTable(header, rows, _widths([None, 58, MONEY + 16, MONEY + 16, 56]),
                      numeric_columns=(1, 2, 3, 4), total_row=total)


def _departments(data: YearReportData) -> list[Flowable]:
    story: list[Flowable] = [_groups("Afdeling", data.by_department)]
    granted = [g for g in data.by_department if g.granted > 0]
    if granted:
        top = sorted(granted, key=lambda g: g.granted, reverse=True)[:TOP_DEPARTMENTS]
        caption = "Bevilget pr. afdeling"
        if len(granted) > TOP_DEPARTMENTS:
            caption += f" – de {TOP_DEPARTMENTS} afdelinger med mest bevilget af {len(granted)}"
        story += [subsection(caption),
                  horizontal_bars([g.label for g in top], [g.granted for g in top],
                                  CONTENT_WIDTH, label_width=140)]
    return story


def _grant_table(grants: Sequence[GrantRow]) -> list[Flowable]:
    rows = [[g.reference, g.department, g.title, format_number(g.participants),
             format_money(g.granted), format_money(g.paid), g.state] for g in grants]
    # The sums go in a sentence below: in a total row they would not fit the narrow columns.
    summary = (f"I alt {format_number(len(grants))} sager med "
               f"{format_number(sum(g.participants for g in grants))} forventede deltagere; "
               f"bevilget {format_money(sum(g.granted for g in grants))}, "
               f"udbetalt {format_money(sum(g.paid for g in grants))}")
    return [PagedTable(GRANT_HEADER, rows, _widths(GRANT_WIDTHS), numeric_columns=(3, 4, 5)),
            Paragraph(esc(summary), styles().body)]


def _story(data: YearReportData) -> list[Flowable]:
    st = styles()
    intro = (f"Retningslinjer: {esc(data.rule_version)}, godkendt "
             f"{format_date(data.rule_approved_on)}.")
    if data.generated_at is not None:
        intro += f" Rapporten er dannet {format_instant(data.generated_at)}."
    story: list[Flowable] = [
        title(f"Årsrapport {data.year} – fællesskabspuljen"),
        Paragraph(intro, st.body),
        section("Puljen i tal"),
        *_totals(data),
        section("Ansøgninger"),
        *_applications(data),
        *section_before_long("Afdelinger"),
        *_departments(data),
        *section_before_long("Formål"),
        _groups("Formål", data.by_purpose),
        *section_before_long(f"Alle bevillinger {data.year}"),
    ]
    if data.grants:
        story += _grant_table(data.grants)
    else:
        story.append(Paragraph("Der er ikke givet nogen bevillinger i året.", st.body))
    story += section_before_long("Åbne sager ved årets udgang")
    if data.open_at_year_end:
        story += _grant_table(data.open_at_year_end)
    else:
        story.append(Paragraph("Ingen sager var åbne ved årets udgang.", st.body))
    return story


def build_year_report_pdf(data: YearReportData) -> bytes:
    """Render the board's yearly report for one pool year."""
    return render(
        _story(data),
        organisation=data.organisation,
        title=f"Årsrapport {data.year} – fællesskabspuljen",
        subject=f"Fællesskabspuljen {data.year}: bevillinger, udbetalinger og åbne sager",
        footer=f"Årsrapport {data.year}",
    ).pdf
