"""The staff header's search field and its results page, as the caseworker uses them."""

from __future__ import annotations

import pytest

from tests.helpers.caseworker_pages import new_case


@pytest.fixture
def caseworker(client, login):
    login(client, "mette@domi.example")
    return client


def test_the_header_has_the_search_field_for_caseworkers_only(client, login):
    login(client, "mette@domi.example")
    assert 'action="/sagsbehandling/soeg"' in client.get("/sagsbehandling/").text
    client.post("/logout")
    login(client, "bent@domi.example")
    board = client.get("/bestyrelse/")
    assert board.status_code == 200
    assert 'action="/sagsbehandling/soeg"' not in board.text


def test_a_place_spelled_with_aa_finds_the_demo_case_and_marks_it(caseworker):
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "aaparken ramadan"})
    assert page.status_code == 200
    assert "<mark>Ramadan</mark>-fejring for hele <mark>Åparken</mark>" in page.text
    # Approved; its one invoice was refused, so a new one is awaited.
    assert '<span class="badge badge-approved">bevilget</span>' in page.text
    assert "Næste skridt: Afvent faktura fra leverandøren" in page.text
    assert 'value="aaparken ramadan"' in page.text


def test_an_invoice_number_finds_its_case_and_says_where(app, caseworker):
    reference = new_case(app, applicant_name="Bjørn Kjærsgaard",
                         applicant_email="bjoern@beboer.example")
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "kjaersgaard"})
    assert reference in page.text
    assert "<mark>Kjærsgaard</mark>" in page.text
    assert "Næste skridt: Påbegynd behandlingen" in page.text
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "BJOERN@beboer"})
    assert "<dt>E-mail</dt><dd><mark>bjoern@beboer</mark>.example</dd>" in page.text


def test_what_residents_wrote_is_shown_escaped(app, caseworker):
    new_case(app, applicant_name="<script>alert(1)</script> Østergaard",
             title="Fest & <b>leg</b>")
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "oestergaard"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Østergaard</mark>" in page.text
    assert "Fest &amp; &lt;b&gt;leg&lt;/b&gt;" in page.text


def test_nothing_found_empty_and_too_long(caseworker):
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "xyzzyqq"})
    assert "Ingen sager matcher »xyzzyqq«" in page.text
    assert "Skriv sagsnr." in caseworker.get("/sagsbehandling/soeg").text
    page = caseworker.get("/sagsbehandling/soeg", query_string={"q": "x" * 101})
    assert page.status_code == 422
    assert "højst være 100 tegn" in page.text


def test_board_members_and_residents_never_reach_the_search(client, login):
    assert client.get("/sagsbehandling/soeg?q=jensen").status_code == 302
    login(client, "bent@domi.example")
    assert client.get("/sagsbehandling/soeg?q=jensen").status_code == 403
