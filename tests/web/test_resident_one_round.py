"""A resident corrects the application in one round, is refused at once what can never be
granted, sees the room left on the page, and reads no rule codes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from flask.testing import FlaskClient
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Pool
from tests.helpers.application_form import LONG_PURPOSE, refused, summary_links
from tests.helpers.resident_pages import token_of, valid_form


def set_notice(app, days: int) -> None:
    with app.app_context(), transaction(sessions()) as session:
        for pool in session.exec(select(Pool)).all():
            pool.min_notice_days = days


def test_an_empty_form_gets_every_error_in_one_round(app, client):
    empty = {key: "" for key in valid_form()} | {"send": "1"}
    text = refused(app, client, **empty)
    for message in ("Skriv dit navn.", "Vælg din afdeling.", "Skriv din e-mail",
                    "Giv aktiviteten et kort navn.",
                    "Fortæl kort, hvad I vil lave, og hvorfor.",
                    "Skriv hvor mange I regner med at blive.",
                    "Skriv hvornår aktiviteten begynder.", "Skriv hvornår aktiviteten slutter.",
                    "Ansøgningen mangler: økonomi (mindst én budgetlinje).",
                    "Sæt kryds ved mindst ét af puljens formål"):
        assert message in text, message
    links = summary_links(text)
    # Every error links to its field, top to bottom as the page reads.
    assert links[:4] == ["applicant_name", "department", "applicant_email", "title"]
    assert links[-2:] == ["purposes", "budget"]
    # Once in the summary, once at the budget: the rule does not repeat what the form says.
    assert text.count("Ansøgningen mangler") == 2


def test_rule_errors_come_together_each_at_its_field(app, client):
    start = date.today() + timedelta(days=10)
    text = refused(app, client, period_start=start.isoformat(),
                   period_end=(start - timedelta(days=2)).isoformat(),
                   across_departments="", **{"budget-0-amount": "19.000"},
                   purpose=LONG_PURPOSE)
    assert "Periodens slutdato ligger før startdatoen." in text
    assert "overstiger puljens loft på 20.000,00\xa0kr. pr. projekt" in text
    assert "Sæt kryds ved mindst ét af puljens formål" in text
    assert "forkort formålet med ca." in text
    assert set(summary_links(text)) >= {"period_end", "budget", "purposes", "purpose"}
    assert 'id="period_end-error"' in text and 'id="budget-error"' in text


def test_over_the_cap_is_refused_at_once(app, client):
    text = refused(app, client, **{"budget-0-amount": "22.000"})
    assert "Beløbet 24.500,50\xa0kr. overstiger puljens loft på 20.000,00\xa0kr." in text


def test_an_activity_that_has_begun_is_refused_at_once(app, client):
    past = date.today() - timedelta(days=3)
    text = refused(app, client, period_start=past.isoformat(), period_end=past.isoformat())
    assert f"Aktiviteten startede {past:%d.%m.%Y}" in text
    assert "#period_start" in text


def test_the_pools_minimum_notice_is_kept(app, client):
    set_notice(app, 14)
    soon = date.today() + timedelta(days=14)
    text = refused(app, client, period_start=soon.isoformat(), period_end=soon.isoformat())
    earliest = date.today() + timedelta(days=15)
    assert ("Ansøgningen skal være hos os mindst 14 dage før aktiviteten begynder, så vi kan nå "
            f"at give svar. Vælg en startdato tidligst {earliest:%d.%m.%Y}.") in text
    ok = client.post("/ansoeg", data=valid_form(period_start=earliest.isoformat(),
                                                period_end=earliest.isoformat()))
    assert ok.status_code == 302


def test_a_period_beyond_the_pools_reach_is_refused_at_its_field(app, client):
    far = date(date.today().year + 2, 6, 1)
    text = refused(app, client, period_start=far.isoformat(), period_end=far.isoformat())
    assert f"senest 31.12.{date.today().year + 1}" in text
    assert 'id="period_end-error"' in text


def test_the_receipt_promises_a_decision_before_the_start_only_while_true(app, client):
    response = client.post("/ansoeg", data=valid_form())
    receipt = unescape(client.get(response.location).get_data(as_text=True))
    assert "Vi behandler ansøgningen, før aktiviteten skal begynde" in receipt
    token = token_of(response)
    with app.app_context(), transaction(sessions()) as session:
        from pulje.models import Application
        case = session.exec(select(Application).where(Application.public_token == token)).one()
        case.period_start = date.today()
    later = unescape(client.get(response.location).get_data(as_text=True))
    assert "Vi behandler ansøgningen, før aktiviteten" not in later


def test_budget_buttons_come_back_to_the_budget_without_javascript(client):
    page = client.get("/ansoeg").get_data(as_text=True)
    assert re.search(r'name="add_line"[^>]*formaction="/ansoeg#budget"', page)
    assert re.search(r'name="remove_line"[^>]*formaction="/ansoeg#budget"', page)
    assert 'id="budget"' in page


def test_the_space_meter_says_how_much_room_is_left(client):
    answer = client.post("/ansoeg/plads", data=valid_form()).get_json()
    assert answer["fits"] is True and answer["cut"] == 0
    assert answer["room"] > 2000
    assert answer["text"].startswith("Der er plads til ca. ")
    over = client.post("/ansoeg/plads", data=valid_form(purpose=LONG_PURPOSE)).get_json()
    assert over["fits"] is False and over["cut"] > 0 and over["pages"] > 1
    assert "sider – forkort med ca. " in over["text"]
    # A half-filled form is measured too (blanks at their widest), and nothing is stored.
    half = client.post("/ansoeg/plads", data={"purpose": "Kort."}).get_json()
    assert half["fits"] is True


def test_the_meter_figure_is_the_cut_the_form_asks_for(client):
    meter = client.post("/ansoeg/plads", data=valid_form(purpose=LONG_PURPOSE)).get_json()
    page = unescape(client.post("/ansoeg", data=valid_form(purpose=LONG_PURPOSE))
                    .get_data(as_text=True))
    cut = f"{meter['cut']:,}".replace(",", ".")
    assert f"forkort formålet med ca. {cut} tegn" in page
    kept = LONG_PURPOSE.strip()[:len(LONG_PURPOSE.strip()) - meter["cut"]]
    assert client.post("/ansoeg", data=valid_form(purpose=kept)).status_code == 302


def test_the_meter_needs_the_csrf_token_and_is_rate_limited(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True, RATELIMIT_METER="2 per minute")
    client = FlaskClient(app, app.response_class, use_cookies=True)  # no token added for us
    assert client.post("/ansoeg/plads", data={"purpose": "x"}).status_code == 400
    page = client.get("/ansoeg").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    headers = {"X-CSRFToken": token}
    for _ in range(2):
        assert client.post("/ansoeg/plads", data={"purpose": "x"},
                           headers=headers).status_code == 200
    assert client.post("/ansoeg/plads", data={"purpose": "x"},
                       headers=headers).status_code == 429


def test_the_accessibility_statement_is_linked_from_every_footer(client):
    for url in ("/", "/ansoeg", "/login"):
        assert 'href="/tilgaengelighed"' in client.get(url).get_data(as_text=True), url
    text = unescape(client.get("/tilgaengelighed").get_data(as_text=True))
    for heading in ("Overholdelsesstatus", "Indhold, der ikke er tilgængeligt",
                    "Sådan er erklæringen lavet", "Giv os besked, hvis noget ikke virker",
                    "Klage", "Digitaliseringsstyrelsen"):
        assert heading in text
    assert "overholder delvist" in text and "DOMI Bolig" in text


def test_no_sentence_starts_in_lowercase_on_the_start_page(client):
    html = client.get("/").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "kr.." not in " ".join(text.split()).replace(" .", ".")
    assert "Har sagsbehandleren brug for flere oplysninger fra dig" in html
    assert "</span> hvis" not in html


def test_the_case_page_promises_a_decision_before_the_start_only_while_true(app, client):
    response = client.post("/ansoeg", data=valid_form())
    status = f"/sag/{token_of(response)}"
    assert "vi behandler den, før aktiviteten skal begynde" in client.get(status).get_data(
        as_text=True)
    with app.app_context(), transaction(sessions()) as session:
        from pulje.models import Application
        case = session.exec(select(Application).where(
            Application.public_token == token_of(response))).one()
        case.period_start = date.today()
    page = unescape(client.get(status).get_data(as_text=True))
    assert "før aktiviteten skal begynde" not in page
    assert "Vi har fået ansøgningen, og en sagsbehandler tager fat i den snart." in page
