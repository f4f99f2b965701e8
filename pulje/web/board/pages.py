"""The board's pages: a pool year's figures, breakdowns and grants, and the yearly report.

The downloads are in exports.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, current_app, render_template, request
from flask_babel import get_locale, gettext
from markupsafe import Markup
from wtforms import SelectChoice

from forms.board import YearForm
from pulje import clock
from pulje.db import get_session
from pulje.services.dashboard import pools_by_year
from pulje.services.grant_list import grant_page
from pulje.services.queries import pool_for_year
from pulje.services.report_cache import BoardOverview, board_overview
from pulje.services.year_report import build_year_report
from pulje.web import charts
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.board import BOARD, bp
from pulje.web.money import money as format_money
from reports.outcome_data import measure_rows
from reports.vocabulary import (
    FIGURE_LABELS,
    POOL_PARTS,
    RELEASE_CAUSES,
    as_of_note,
    released_sentence,
)
from reports.year_data import AppendixRow
from reports.yearly import build_year_report_pdf

# The open grants most in need of attention (overdue first); a national pool year has
# thousands, which the yearly report and the caseworkers' queue list in full.
OPEN_GRANTS_SHOWN = 50


def _chosen_year(years: list[int]) -> int:
    if "year" in request.args:
        form = YearForm(request.args)
        form.year.choices = [SelectChoice(str(y)) for y in years]
        if form.validate():
            return form.year.data
    this_year = clock.today().year
    return this_year if this_year in years else years[0]


def _figures(overview: BoardOverview, year: int) -> Markup:
    """Everything the dashboard shows of the year but the grant list's page, as HTML.

    It is made from the overview alone (and the language), so it is rendered once per kept
    report and language and kept with the report (``BoardOverview.views``), not formatted
    again on every view: a national-scale year has hundreds of amounts, dates and rows.
    """
    kept_as = ("board/_figures.html", str(get_locale()))
    html = overview.views.get(kept_as)
    if html is None:
        report = overview.report
        money = report.this.money
        colours = dict(zip(POOL_PARTS, (charts.PAID, charts.GRANTED, charts.FREE), strict=True))
        # The autoescaped template's own output: safe as it stands.
        html = Markup(render_template(
            "board/_figures.html", report=report, this=report.this, fig=money,
            open_grants_shown=OPEN_GRANTS_SHOWN, open_data_warnings=overview.open_data_warnings,
            labels=FIGURE_LABELS, release_causes=RELEASE_CAUSES,
            measures=(measure_rows(report.measures, report.last_measures, gettext)
                      if report.measures else ()),
            as_of=as_of_note(report.this.final, f"{report.this.as_of:%d.%m.%Y}"),
            released_text=released_sentence(money["released"], money["granted"],
                                            money["total"], format_money),
            pool_chart=charts.stacked_bar(
                "pool-chart",
                f"Puljen {year}: {', '.join(FIGURE_LABELS[k].lower() for k in POOL_PARTS)}",
                [charts.Segment(FIGURE_LABELS[key], money[key], colours[key])
                 for key in POOL_PARTS],
                total=(FIGURE_LABELS["total"], money["total"])),
            department_chart=charts.paired_bars(
                "department-chart", f"Bevilget og udbetalt pr. afdeling {year}",
                [(row.label, row.granted, row.paid) for row in report.departments])))
        overview.views[kept_as] = html
    return html


def _grant_rows(overview: BoardOverview, rows: Iterable[AppendixRow]) -> list[Markup]:
    """The grant list's rows as HTML, each rendered once per kept report and language."""
    kept = overview.views.setdefault(("board/_grant_row.html", str(get_locale())), {})
    template = None
    html = []
    for row in rows:
        row_html = kept.get(row.reference)  # unique in a pool year
        if row_html is None:
            template = template or current_app.jinja_env.get_template("board/_grant_row.html")
            # The autoescaped template's own output: safe as it stands.
            row_html = kept[row.reference] = Markup(template.render(g=row))
        html.append(row_html)
    return html


@bp.get("/")
@role_required(*BOARD)
def dashboard():
    """The chosen pool year (default: this year's) at a glance."""
    session = get_session()
    pools = pools_by_year(session, current_organisation_id())
    years = list(pools)
    if not years:
        return render_template("board/dashboard.html", report=None, years=years)
    year = _chosen_year(years)
    overview = board_overview(session, pools[year], clock.today(), pools=pools)
    report = overview.report
    # Hostile or stale values fall back: an unknown column sorts by reference, a page number
    # that is not a number is the first page and one past the end is the last.
    grants = grant_page(report.appendix, sort=request.args.get("sort"),
                        descending=request.args.get("order") == "desc",
                        page=request.args.get("page", 1, type=int))
    return render_template(
        "board/dashboard.html", report=report, years=years, year=year, fig=report.this.money,
        grants=grants, grant_rows=_grant_rows(overview, grants.rows),
        as_of=as_of_note(report.this.final, f"{report.this.as_of:%d.%m.%Y}"),
        figures=_figures(overview, year))


@bp.get("/<int:year>/aarsrapport.pdf")
@role_required(*BOARD)
def year_report(year: int):
    """The yearly report as PDF, from the same figures as the dashboard."""
    session = get_session()
    pool = pool_for_year(session, current_organisation_id(), year)
    pdf = build_year_report_pdf(build_year_report(session, pool, clock.today()))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="aarsrapport-{year}.pdf"'})

