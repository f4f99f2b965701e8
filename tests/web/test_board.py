"""The board's dashboard: the pool year's figures equal the accounting, with an accessible chart."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func
from sqlmodel import select

from pulje.clock import today
from pulje.models import Application, Invoice, Payment, Pool
from pulje.services.accounting import pool_figures, state_counts
from pulje.services.year_report import build_year_report
from tests.helpers.caseworker_pages import read
from tests.helpers.resident_language import fresh_catalogues  # noqa: F401 (a fixture)
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
        assert re.search(rf"<td [^>]*>{STATE_LABELS[state]}</td>"
                         rf"<td [^>]*class=\"num\">{count}</td>", html), state
    for grant in data.appendix:
        assert grant.reference in html
    assert f"Bevillinger {year} ({len(data.appendix)})" in html


def test_last_year_is_shown_beside_this_year(app, board):
    year = today().year
    _, _, data = overview(app, year)
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    assert f"{year - 1} (pr. 31.12.{year - 1})" in html
    row = re.search(r"<th scope=\"row\">Bevilget</th><td [^>]*class=\"num\">([^<]+)</td>"
                    r"<td [^>]*class=\"num\">([^<]+)</td>", html)
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
        assert row.label in charts[1] and f'<td data-label="Afdeling">{row.label}</td>' in html


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


def granted_in_sql(app, year: int) -> tuple[list[tuple[str, int]], int, int]:
    """The year's grants (reference, amount) and Σ granted, Σ paid, straight from the tables."""
    def take(session, org):
        pool = session.exec(select(Pool).where(Pool.organisation_id == org,
                                               Pool.year == year)).one()
        grants = session.exec(select(Application.reference, Application.granted).where(
            Application.pool_id == pool.id, Application.granted.is_not(None))).all()
        paid = session.exec(select(func.coalesce(func.sum(Payment.amount), 0))
                            .join(Invoice, Invoice.id == Payment.invoice_id)
                            .join(Application, Application.id == Invoice.application_id)
                            .where(Application.pool_id == pool.id,
                                   Payment.paid_on <= date(year, 12, 31))).one()
        return [tuple(g) for g in grants], sum(g.granted for g in grants), paid
    return read(app, take)


def listed(html: str) -> list[str]:
    """The references in the grant list, in the order shown."""
    table = html[html.index('id="grants"'):]
    return re.findall(r"<tr><td[^>]*>(\d{4}-\d{4})</td>", table)


def test_the_grant_list_is_paged_and_every_grant_is_on_one_page(app, board, monkeypatch):
    monkeypatch.setattr("pulje.services.grant_list.PAGE_SIZE", 3)
    year = today().year - 1
    grants, granted, paid = granted_in_sql(app, year)
    assert len(grants) > 3
    seen, page = [], 1
    while True:
        html = unescape(board.get(f"/bestyrelse/?year={year}&page={page}").get_data(as_text=True))
        seen += listed(html)
        assert f"Side {page} af {-(-len(grants) // 3)}" in html
        if 'rel="next"' not in html:
            break
        page += 1
    assert seen == sorted(reference for reference, _ in grants)
    # The total under the list is the whole year's, not the page's: an independent SQL sum.
    grants_table = html[html.index('id="grants"'):]
    footer = grants_table[grants_table.index("<tfoot>"):grants_table.index("</tfoot>")]
    assert re.findall(r'class="num">([^<]*)</td>', footer) == [format_money(granted),
                                                               format_money(paid)]


def test_the_grant_list_sorts_by_amount(app, board):
    year = today().year - 1
    grants, _, _ = granted_in_sql(app, year)
    html = board.get(f"/bestyrelse/?year={year}&sort=amount&order=desc").get_data(as_text=True)
    expected = [ref for ref, _ in sorted(grants, key=lambda g: (g[1], g[0]), reverse=True)]
    assert listed(html) == expected[:50]
    assert 'aria-sort="descending"' in html


def test_the_key_figures_equal_an_independent_sum(app, board):
    year = today().year - 1
    _, granted, paid = granted_in_sql(app, year)
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    assert card(html, "Bevilget") == format_money(granted)
    assert card(html, "Udbetalt") == format_money(paid)


@pytest.mark.parametrize("query", [
    "page=0", "page=-1", "page=99999999999999999999999", "page=abc", "page=" + "9" * 5000,
    "page=1.5", "sort=granted;DROP TABLE application", "sort=__class__", "sort=",
    "order=sideways", "sort=amount&order=desc&page=%00", "year=abc&page=2",
])
def test_hostile_paging_and_sorting_show_a_page(app, board, query):
    response = board.get(f"/bestyrelse/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bevillinger" in html
    assert listed(html)


def test_the_open_grants_list_shows_the_most_urgent_first(app, board, monkeypatch):
    monkeypatch.setattr("pulje.web.board.pages.OPEN_GRANTS_SHOWN", 1)
    year = today().year
    open_grants = overview(app, year)[2].open_grants
    html = unescape(board.get(f"/bestyrelse/?year={year}").get_data(as_text=True))
    section = html[html.index('id="open-grants"'):html.index('id="departments"')]
    assert f"({len(open_grants)})" in section
    assert re.findall(r"<tr><td[^>]*>(\d{4}-\d{4})</td>", section) == [open_grants[0].reference]
    if len(open_grants) > 1:
        assert f"alle {len(open_grants)} står i årsrapporten" in section


@pytest.mark.usefixtures("fresh_catalogues")
def test_the_kept_figures_follow_the_language_there_and_back(app, board):
    """The figures' HTML is kept per report and language: Danish, English, Danish again."""
    def reached(url: str) -> str:
        page = board.get(url).get_data(as_text=True)
        return page[page.index('id="reached"'):page.index('id="months"')]

    danish, english, again = (reached(f"/bestyrelse/?lang={lang}") for lang in ("da", "en", "da"))
    assert "Hvad puljen nåede" in danish and "What the pool reached" not in danish
    assert "What the pool reached" in english and "Hvad puljen nåede" not in english
    assert again == danish
