"""The board's dashboard: the pool year's figures equal the accounting, with an accessible chart."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlmodel import select

from pulje.models import Pool
from pulje.services.accounting import pool_figures, state_counts
from pulje.services.dashboard import year_overview
from pulje.web.caseworker.actions import today
from tests.web.test_caseworker import read
from workflows.application import STATE_LABELS
from workflows.money import format_money

BOARD = "bent@domi.example"


@pytest.fixture
def board(client, login):
    login(client, BOARD)
    return client


def overview(app, year: int):
    def take(session, org):
        pool = session.exec(select(Pool).where(Pool.organisation_id == org,
                                               Pool.year == year)).one()
        return pool_figures(session, pool), state_counts(session, pool), \
            year_overview(session, pool)
    return read(app, take)


def card(html: str, label: str) -> str:
    """The amount on the dashboard's key figure card called ``label``."""
    return re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", html).group(1)


@pytest.mark.parametrize("years_ago", [0, 1])
def test_dashboard_figures_equal_the_pool_accounting(app, board, years_ago):
    year = today().year - years_ago
    figures, counts, data = overview(app, year)
    response = board.get(f"/bestyrelse/?year={year}")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and f"Puljen {year}" in html
    assert card(html, "Pulje i alt") == format_money(figures.total)
    assert card(html, "Bevilget") == format_money(figures.granted)
    assert card(html, "Udbetalt") == format_money(figures.paid)
    assert card(html, "Frigivet igen") == format_money(figures.released)
    assert card(html, "Ledigt") == format_money(figures.available)
    for state, count in counts.items():
        assert re.search(rf">{STATE_LABELS[state]}</span></td><td class=\"num\">{count}</td>",
                         html), state
    for grant in data.grants:
        assert grant.reference in html
    assert f"Bevillinger {year} ({len(data.grants)})" in html


def test_the_default_year_is_this_year(app, board):
    html = board.get("/bestyrelse/").get_data(as_text=True)
    assert f"<h1>Puljen {today().year}</h1>" in html
    assert f'<option value="{today().year - 1}">' in html


def test_an_unknown_year_falls_back_to_this_year(app, board):
    html = board.get("/bestyrelse/?year=1999").get_data(as_text=True)
    assert f"<h1>Puljen {today().year}</h1>" in html


def test_charts_are_inline_svg_with_a_title_and_no_script(app, board):
    html = board.get("/bestyrelse/").get_data(as_text=True)
    charts = re.findall(r'<svg[^>]*class="chart".*?</svg>', html, flags=re.S)
    assert len(charts) == 2
    for chart in charts:
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    # Every department is in the chart's description and in the table next to it.
    for row in overview(app, today().year)[2].by_department:
        assert row.label in charts[1] and f"<td>{row.label}</td>" in html


def test_year_report_pdf_is_linked_and_served(app, board):
    year = today().year - 1
    html = board.get(f"/bestyrelse/?year={year}").get_data(as_text=True)
    assert f'href="/bestyrelse/{year}/aarsrapport.pdf"' in html
    response = board.get(f"/bestyrelse/{year}/aarsrapport.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert board.get("/bestyrelse/1999/aarsrapport.pdf").status_code == 404


def test_board_members_cannot_act_on_cases(app, board):
    assert board.get("/sagsbehandling/").status_code == 403
    assert board.post("/sagsbehandling/sag/2026-0005/behandling").status_code == 403
