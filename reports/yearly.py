"""The board's yearly report (årsrapport): a one-page summary, the board's questions, and every
grant in an appendix — so the report itself stays a few pages at any scale.

Every table with a total row totals its own rows; the purposes overlap and are never summed.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from reports.charts import horizontal_bars, pool_bar
from reports.fmt import esc, format_date, format_days, format_instant, format_money, format_number
from reports.layout import (
    CONTENT_WIDTH,
    render,
    section,
    section_before_long,
    subsection,
    title,
)
from reports.outcome_data import measure_rows
from reports.styles import styles
from reports.tables import PagedTable
from reports.vocabulary import (
    FIGURE_LABELS,
    POOL_PARTS,
    RELEASE_CAUSES,
    as_of_note,
    released_sentence,
)
from reports.year_data import AppendixRow, Durations, YearReport, YearSummary
from workflows.application import STATE_LABELS

UNDECIDED = ("submitted", "in_review", "awaiting_info")

MONEY = 78
COUNT = 52
# A year's column of the measures: "1.296,40 kr. (170,45–1.625,00 kr.)" on one line.
MEASURE = 150
# Open grants listed in the report itself; the appendix has them all.
OPEN_GRANTS_SHOWN = 25
TOP_CHART = 10
# "2025-00001" on one line: a pool year with more than 9.999 cases has five-digit numbers.
REFERENCE = 56
APPENDIX_WIDTHS = (REFERENCE, 80, None, 50, MONEY, MONEY, 62)


def _widths(widths: Sequence[float | None]) -> list[float]:
    """Give the one open (None) column whatever the fixed columns leave of the page."""
    rest = CONTENT_WIDTH - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def _day(day) -> str:
    return f"{day:%d.%m.%Y}"


def _p(text: str, small: bool = False) -> Paragraph:
    st = styles()
    return Paragraph(text, st.small if small else st.body)


def _money_table(data: YearReport, keys: Sequence[str], total_key: str,
                 labels: dict[str, str]) -> PagedTable:
    """Rows of money figures and their total, with a "siden" column for a closed year."""
    this, since = data.this.money, data.since
    header = ["", f"Pr. {_day(data.this.as_of)}"]
    rows = [[labels[key], format_money(this[key])] for key in keys]
    total = [labels[total_key], format_money(this[total_key])]
    widths = [None, 96]
    if since is not None:
        now = {key: this[key] + since[key] for key in since}
        header += ["Siden", f"Pr. {_day(data.now_day)}"]
        for row, key in zip(rows, keys, strict=True):
            row += [format_money(since[key]), format_money(now[key])]
        total += [format_money(since[total_key]), format_money(now[total_key])]
        widths += [96, 96]
    return PagedTable(header, rows, _widths(widths), numeric_columns=range(1, len(header)),
                      total_row=total)


def _released_labels(data: YearReport) -> dict[str, str]:
    labels = dict(FIGURE_LABELS)
    for cause, text in RELEASE_CAUSES.items():
        labels[f"released_{cause}"] = f"Frigivet fra {text}"
    return labels


def _granted_table(data: YearReport) -> PagedTable:
    """Bevilget = udbetalt + bundet + frigivet, the frigivet split by cause."""
    labels = _released_labels(data)
    causes = dict(data.released_by_cause)
    money = {**data.this.money, **{f"released_{c}": v for c, v in causes.items()}}
    rows = [[labels[key], format_money(money[key])]
            for key in ("paid", "committed", *(f"released_{c}" for c in causes))]
    return PagedTable(("", f"Pr. {_day(data.this.as_of)}"), rows, _widths([None, 96]),
                      numeric_columns=(1,),
                      total_row=[FIGURE_LABELS["granted"], format_money(money["granted"])])


def _durations(label: str, value: Durations) -> str:
    if value.cases == 0:
        return f"{label}: ingen sager endnu."
    return (f"{label}: median {format_days(value.median)} dage, 90 % inden for "
            f"{format_days(value.p90)} dage ({format_number(value.cases)} sager).")


def _summary(data: YearReport) -> list[Flowable]:
    this = data.this
    money = this.money
    parts = [(FIGURE_LABELS[key], money[key]) for key in POOL_PARTS]
    states = dict(data.by_state)
    undecided = sum(states.get(STATE_LABELS[s], 0) for s in UNDECIDED)
    counts = (f"<b>{format_number(this.received)}</b> ansøgninger modtaget (søgt "
              f"{format_money(this.requested)}); <b>{format_number(this.grants)}</b> "
              f"bevillinger på i alt {format_money(money['granted'])} (søgt "
              f"{format_money(this.requested_by_grants)} på de bevilgede sager); "
              f"<b>{format_number(this.rejected)}</b> afslag; "
              f"{format_number(undecided)} endnu uden afgørelse.")
    overdue = [g for g in data.open_grants if g.overdue]
    story: list[Flowable] = [
        _money_table(data, POOL_PARTS, "total", FIGURE_LABELS),
        pool_bar(parts, FIGURE_LABELS["total"], money["total"], CONTENT_WIDTH),
        Spacer(1, 6),
        _p(esc(released_sentence(money["released"], money["granted"], money["total"],
                                 format_money))),
        _p(counts),
        _p(esc(_durations("Fra modtagelse til afgørelse", this.decision_days))),
        _p(esc(_durations("Fra bevilling til første udbetaling", this.payment_days))),
    ]
    if data.open_grants:
        story.append(_p(
            f"{format_number(len(data.open_grants))} bevillinger er åbne med "
            f"{format_money(money['committed'])} bundet; "
            f"<b>{format_number(len(overdue))}</b> har overskredet fakturafristen med "
            f"{format_money(sum(g.remaining for g in overdue))} bundet."))
    return story


def _comparison(data: YearReport) -> list[Flowable]:
    last = data.last
    columns: list[YearSummary] = [s for s in (last, data.this) if s is not None]
    header = ["", *(f"{s.year} ({as_of_note(s.final, _day(s.as_of))})" for s in columns)]

    def median(d: Durations) -> str:
        return "–" if d.median is None else f"{format_days(d.median)} dage"

    lines = [
        ("Ansøgninger", lambda s: format_number(s.received)),
        ("Søgt", lambda s: format_money(s.requested)),
        ("Bevillinger", lambda s: format_number(s.grants)),
        (FIGURE_LABELS["granted"], lambda s: format_money(s.money["granted"])),
        (FIGURE_LABELS["paid"], lambda s: format_money(s.money["paid"])),
        (FIGURE_LABELS["released"], lambda s: format_money(s.money["released"])),
        (FIGURE_LABELS["available"], lambda s: format_money(s.money["available"])),
        ("Afslag", lambda s: format_number(s.rejected)),
        ("Dage til afgørelse (median)", lambda s: median(s.decision_days)),
        ("Dage til første udbetaling (median)", lambda s: median(s.payment_days)),
    ]
    rows = [[label, *(value(s) for s in columns)] for label, value in lines]
    return [PagedTable(header, rows, _widths([None, *([130] * len(columns))]),
                       numeric_columns=range(1, len(header)))]


def _measures(data: YearReport) -> list[Flowable]:
    """What the pool reached, beside last year, each figure with its one-sentence meaning."""
    if data.measures is None:
        return []
    last = data.last_measures
    header = ["", *([str(last.year)] if last else []), str(data.measures.year)]
    lines = measure_rows(data.measures, last)
    rows = [[row.label, *([row.last] if last else []), row.this] for row in lines]
    # Each explanation once: the purposes' lines share theirs.
    explained = dict.fromkeys((row.label.split(":")[0], row.explanation) for row in lines)
    return [*section_before_long("Hvad puljen nåede"),
            PagedTable(header, rows, _widths([None, *([MEASURE] * (len(header) - 1))]),
                       numeric_columns=range(1, len(header))),
            *(_p(f"<b>{esc(label)}:</b> {esc(text)}", small=True) for label, text in explained)]


def _months(data: YearReport) -> list[Flowable]:
    rows = [[m.label, format_number(m.received), format_number(m.grants),
             format_money(m.granted), format_money(m.paid)] for m in data.months]
    total = ["I alt", format_number(sum(m.received for m in data.months)),
             format_number(sum(m.grants for m in data.months)),
             format_money(sum(m.granted for m in data.months)),
             format_money(sum(m.paid for m in data.months))]
    header = ("Måned", "Ansøgninger", "Bevillinger", "Bevilget", "Udbetalt")
    return [PagedTable(header, rows, _widths([None, 70, 70, MONEY + 16, MONEY + 16]),
                       numeric_columns=(1, 2, 3, 4), total_row=total)]


def _rejections(data: YearReport) -> list[Flowable]:
    if not data.rejections:
        return [_p("Der er ikke givet afslag i året.")]
    rows = [[reason, format_number(n)] for reason, n in data.rejections]
    total = ["Afslag i alt", format_number(sum(n for _, n in data.rejections))]
    return [PagedTable(("Begrundelse", "Antal"), rows, _widths([None, COUNT]),
                       numeric_columns=(1,), total_row=total)]


def _open_grants(data: YearReport) -> list[Flowable]:
    if not data.open_grants:
        return [_p(f"Ingen bevillinger var åbne pr. {_day(data.this.as_of)}.")]
    shown = data.open_grants[:OPEN_GRANTS_SHOWN]
    rows = [[g.reference, g.department, g.title, format_money(g.remaining), _day(g.deadline),
             "overskredet" if g.overdue else ""] for g in shown]
    story: list[Flowable] = [PagedTable(
        ("Sagsnr.", "Afdeling", "Titel", "Bundet", "Fakturafrist", ""), rows,
        _widths([REFERENCE, 96, None, MONEY, 60, 56]), numeric_columns=(3,))]
    if len(data.open_grants) > len(shown):
        story.append(_p(f"De første {len(shown)} af {format_number(len(data.open_grants))} "
                        "åbne bevillinger, overskredne frister først; bilaget har dem alle.",
                        small=True))
    return story


def _departments(data: YearReport) -> list[Flowable]:
    rows = [[d.label, format_number(d.applications), format_number(d.grants),
             format_money(d.granted), format_money(d.paid), format_number(d.participants)]
            for d in data.departments]
    deps = data.departments
    total = ["I alt", format_number(sum(d.applications for d in deps)),
             format_number(sum(d.grants for d in deps)),
             format_money(sum(d.granted for d in deps)), format_money(sum(d.paid for d in deps)),
             format_number(sum(d.participants for d in deps))]
    header = ("Afdeling", "Ansøgninger", "Bevillinger", "Bevilget", "Udbetalt", "Deltagere")
    story: list[Flowable] = [
        PagedTable(header, rows, _widths([None, 64, 60, MONEY + 6, MONEY + 6, 56]),
                   numeric_columns=(1, 2, 3, 4, 5), total_row=total),
        _p("Deltagere er det forventede antal i de bevilgede aktiviteter.", small=True)]
    # The "others" row sums many departments; the chart compares single departments only.
    single = [d for d in deps if d.granted > 0 and not d.label.startswith("Øvrige ")]
    top = sorted(single, key=lambda d: d.granted, reverse=True)[:TOP_CHART]
    if top:
        caption = "Bevilget pr. afdeling"
        if len(single) > TOP_CHART or len(single) < len(deps) - 1:
            caption += f" – de {len(top)} afdelinger med mest bevilget"
        story += [subsection(caption),
                  horizontal_bars([d.label for d in top], [d.granted for d in top],
                                  CONTENT_WIDTH, label_width=140)]
    return story


def _purposes(data: YearReport) -> list[Flowable]:
    rows = [[p.label, format_number(p.cases), format_number(p.grants), format_money(p.granted)]
            for p in data.purposes]
    header = ("Formål", "Sager med formålet", "Heraf bevilget", "Bevilget")
    return [PagedTable(header, rows, _widths([None, 90, 70, MONEY + 16]),
                       numeric_columns=(1, 2, 3)),
            _p(f"En sag kan have flere formål og tæller da under hvert af dem, så rækkerne "
               f"overlapper og lægges ikke sammen. {format_number(data.purpose_cases)} "
               f"forskellige sager har mindst ét formål.", small=True)]


def _states(data: YearReport) -> list[Flowable]:
    rows = [[label, format_number(n)] for label, n in data.by_state]
    total = ["I alt", format_number(sum(n for _, n in data.by_state))]
    return [PagedTable(("Status", "Antal"), rows, _widths([None, COUNT]), numeric_columns=(1,),
                       total_row=total)]


def _appendix(rows: Sequence[AppendixRow], year: int, as_of: str) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), section(f"Bilag: Alle bevillinger {year}")]
    if not rows:
        return [*story, _p("Der er ikke givet nogen bevillinger i året.")]
    # Expected / reported participants in one column, so the title keeps its width.
    table_rows = [[g.reference, g.department, g.title,
                   f"{format_number(g.participants)} / "
                   f"{'–' if g.took_part is None else format_number(g.took_part)}",
                   format_money(g.granted), format_money(g.paid), g.state] for g in rows]
    header = ("Sagsnr.", "Afdeling", "Titel", "Delt.", "Bevilget", "Udbetalt", f"Status {as_of}")
    reported = [g for g in rows if g.took_part is not None]
    # The sums go in a sentence below: in a total row they would not fit the narrow columns.
    took_part = (f", hvor i alt {format_number(sum(g.took_part or 0 for g in reported))} "
                 f"deltog" if reported else "")
    summary = (f"I alt {format_number(len(rows))} bevillinger med "
               f"{format_number(sum(g.participants for g in rows))} forventede deltagere; "
               f"{format_number(len(reported))} med afrapportering{took_part}; "
               f"bevilget {format_money(sum(g.granted for g in rows))}, "
               f"udbetalt {format_money(sum(g.paid for g in rows))}")
    return [*story, PagedTable(header, table_rows, _widths(APPENDIX_WIDTHS),
                               numeric_columns=(3, 4, 5)), _p(esc(summary)),
            _p("Delt. er ansøgerens skøn over deltagere / tallet fra afrapporteringen efter "
               "aktiviteten (– når der ikke er en).", small=True)]


def _intro(data: YearReport) -> str:
    this = data.this
    when = as_of_note(this.final, format_date(this.as_of))
    text = f"Tallene er {when}."
    if data.since is not None:
        text += (f" Kolonnen »Siden« viser, hvad der er sket med årets sager fra årets udgang "
                 f"til {format_date(data.now_day)}.")
    text += (f" Puljen følger »{esc(data.rule_version)}«, godkendt "
             f"{format_date(data.rule_approved_on)}: {format_money(this.money['total'])} i alt "
             f"og højst {format_money(data.cap)} pr. projekt.")
    if data.generated_at is not None:
        text += f" Dannet {format_instant(data.generated_at)}."
    return text


def year_report_story(data: YearReport) -> list[Flowable]:
    """The report as flowables: summary first, the board's questions, then the appendix."""
    year = data.this.year
    as_of = _day(data.this.as_of)
    return [
        title(f"Årsrapport {year} – fællesskabspuljen"),
        _p(_intro(data)),
        section("Resumé"),
        *_summary(data),
        *section_before_long(f"{FIGURE_LABELS['granted']} og {FIGURE_LABELS['released'].lower()}"),
        _granted_table(data),
        *section_before_long("Sammenlignet med sidste år"),
        *_comparison(data),
        *_measures(data),
        *section_before_long("Måned for måned"),
        *_months(data),
        *section_before_long("Åbne bevillinger og fakturafrister"),
        *_open_grants(data),
        *section_before_long("Afslag"),
        *_rejections(data),
        *section_before_long("Afdelinger"),
        *_departments(data),
        *section_before_long("Formål"),
        *_purposes(data),
        *section_before_long(f"Ansøgninger efter status pr. {as_of}"),
        *_states(data),
        *_appendix(data.appendix, year, as_of),
    ]


def build_year_report_pdf(data: YearReport) -> bytes:
    """Render the board's yearly report for one pool year."""
    year = data.this.year
    return render(
        year_report_story(data),
        organisation=data.organisation,
        title=f"Årsrapport {year} – fællesskabspuljen",
        subject=f"Fællesskabspuljen {year}: bevillinger, udbetalinger og åbne bevillinger",
        footer=f"Årsrapport {year} ({as_of_note(data.this.final, _day(data.this.as_of))})",
    ).pdf
