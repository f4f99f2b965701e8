"""The board's dashboard: the pool year's figures equal the accounting, with an accessible chart."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlmodel import select

from pulje.models import Pool
from pulje.services.accounting import pool_figures, state_counts
from pulje.services.year_report import build_year_report
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
            build_year_report(session, pool, today())
    return read(app, take)


def card(html: str, label: str) -> str:
    """The amount on the dashboard's key figure card called ``label``."""
    return re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", html).group(1)


def test_dashboard_figures_equal_the_pool_accounting(app, board):
    """This year's dashboard shows today's figures: those of the live pool accounting."""
    year = today().year
    figures, counts, data = overview(app, year)
    response = board.get(f"/bestyrelse/?year={year}")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and f"Puljen {year}" in html
    assert f"Tallene er foreløbig pr. {today():%d.%m.%Y}." in html
    assert card(html, "Puljen i alt") == format_money(figures.total)
    assert card(html, "Bevilget") == format_money(figures.granted)
    assert card(html, "Udbetalt") == format_money(figures.paid)
    assert card(html, "Frigivet") == format_money(figures.released)
    assert card(html, "Ledigt") == format_money(figures.available)
    for state, count in counts.items():
        assert re.search(rf"<td>{STATE_LABELS[state]}</td><td class=\"num\">{count}</td>",
                         html), state
    for grant in data.appendix:
        assert grant.reference in html
    assert f"Bevillinger {year} ({len(data.appendix)})" in html


def test_last_year_is_shown_beside_this_year(app, board):
    year = today().year
    _, _, data = overview(app, year)
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    assert f"{year - 1} (pr. 31.12.{year - 1})" in html
    row = re.search(r"<th scope=\"row\">Bevilget</th><td class=\"num\">([^<]+)</td>"
                    r"<td class=\"num\">([^<]+)</td>", html)
    assert row.groups() == (format_money(data.last.money["granted"]),
                            format_money(data.this.money["granted"]))


def test_a_past_year_is_shown_as_of_its_last_day(app, board):
    year = today().year - 1
    _, _, data = overview(app, year)
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    assert f"Tallene er pr. 31.12.{year}." in html
    assert card(html, "Bevilget") == format_money(data.this.money["granted"])
    assert card(html, "Ledigt") == format_money(data.this.money["available"])


def test_the_pool_picture_adds_up_and_explains_released_money(app, board):
    year = today().year - 1
    _, _, data = overview(app, year)
    money = data.this.money
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    chart = re.search(r'<svg[^>]*aria-labelledby="pool-chart-title.*?</svg>', html, flags=re.S)
    text = re.sub(r"<[^>]+>", "|", chart.group(0))
    for label, key in (("Udbetalt", "paid"), ("Bundet i åbne bevillinger", "committed"),
                       ("Ledigt", "available"), ("= Puljen i alt", "total")):
        assert f"|{label}||{format_money(money[key])}|" in text
    assert money["paid"] + money["committed"] + money["available"] == money["total"]
    if money["released"]:
        assert f"Frigivet og genbevilget: {format_money(money['released'])}" in html


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
    for row in overview(app, today().year)[2].departments:
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
