"""The board's pages: a pool year's figures, breakdowns and grants, and the yearly report.

The downloads are in exports.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, render_template, request
from wtforms import SelectChoice

from forms.board import YearForm
from pulje.db import get_session
from pulje.services.dashboard import pool_years, year_overview, year_report_data
from pulje.services.queries import pool_for_year
from pulje.web import charts
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.board import BOARD, bp
from pulje.web.helpers import LOCAL
from reports.yearly import build_year_report_pdf


def _chosen_year(years: list[int]) -> int:
    form = YearForm(request.args)
    form.year.choices = [SelectChoice(str(y)) for y in years]
    if "year" in request.args and form.validate():
        return form.year.data
    this_year = datetime.now(LOCAL).year
    return this_year if this_year in years else years[0]


@bp.get("/")
@role_required(*BOARD)
def dashboard():
    """The chosen pool year (default: this year's) at a glance."""
    session = get_session()
    organisation_id = current_organisation_id()
    years = pool_years(session, organisation_id)
    if not years:
        return render_template("board/dashboard.html", overview=None, years=years)
    year = _chosen_year(years)
    overview = year_overview(session, pool_for_year(session, organisation_id, year))
    figures = overview.figures
    return render_template(
        "board/dashboard.html", overview=overview, years=years, year=year,
        pool_chart=charts.stacked_bar("pool-chart", f"Puljen {year}: brugt og ledigt", [
            charts.Segment("Udbetalt", figures.paid, charts.PAID),
            charts.Segment("Bevilget, ikke udbetalt", figures.committed, charts.GRANTED),
            charts.Segment("Ledigt", figures.available, charts.FREE)]),
        department_chart=charts.paired_bars(
            "department-chart", f"Bevilget og udbetalt pr. afdeling {year}",
            [(row.label, row.granted, row.paid) for row in overview.by_department]))


@bp.get("/<int:year>/aarsrapport.pdf")
@role_required(*BOARD)
def year_report(year: int):
    """The yearly report as PDF, from the same figures as the dashboard."""
    session = get_session()
    pool = pool_for_year(session, current_organisation_id(), year)
    pdf = build_year_report_pdf(year_report_data(session, pool))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="aarsrapport-{year}.pdf"'})

