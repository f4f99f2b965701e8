"""The application form refuses what is wrong, says why in Danish, keeps what was typed, and
writes nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Pool
from tests.helpers.application_form import LONG_PURPOSE, count, refused
from tests.helpers.resident_pages import valid_form


def value(page: str, name: str) -> str | None:
    """The value an input was rendered with."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    found = match and re.search(r'value="([^"]*)"', match.group(0))
    return unescape(found.group(1)) if found else None



def test_missing_fields_are_named_and_what_was_typed_stays(app, client):
    text = refused(app, client, applicant_name="", department="", expected_participants="",
                   period_end="", title="Loppemarked")
    for message in ("Skriv dit navn.", "Vælg din afdeling.",
                    "Skriv hvor mange I regner med at blive.",
                    "Skriv hvornår aktiviteten slutter."):
        assert message in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="applicant_name-error"' in text
    assert value(text, "title") == "Loppemarked"
    assert value(text, "budget-1-amount") == "2.500,50"


@pytest.mark.parametrize(("typed", "message"), [
    ("12,345", "Beløbet kan højst have to decimaler (øre)."),
    ("tusind", "»tusind« er ikke et beløb."),
    ("-500", "Beløbet"),
])
def test_an_unreadable_amount_is_refused_on_its_line(app, client, typed, message):
    text = refused(app, client, **{"budget-0-amount": typed})
    assert message in text
    assert 'id="budget-0-amount-error"' in text
    assert value(text, "budget-0-amount") == typed
    assert value(text, "budget-0-description") == "Telt og borde"


def test_an_amount_without_a_description_is_refused(app, client):
    text = refused(app, client, **{"budget-2-description": "", "budget-2-amount": "300"})
    assert "Skriv, hvad beløbet skal bruges til." in text


def test_reversed_dates_are_refused_by_the_rule(app, client):
    text = refused(app, client, period_start="2026-12-20", period_end="2026-12-10")
    assert "Periodens slutdato ligger før startdatoen." in text
    assert value(text, "period_start") == "2026-12-20"


def test_not_a_number_of_participants(app, client):
    text = refused(app, client, expected_participants="mange")
    assert "Skriv et helt tal, fx 25." in text
    assert value(text, "expected_participants") == "mange"


@pytest.mark.parametrize("typed", ["1000000001", "9" * 309, "-" + "9" * 30])
def test_an_absurdly_large_number_of_participants_is_refused_kindly(app, client, typed):
    text = refused(app, client, expected_participants=typed)
    assert "Tallet er for stort." in text
    assert value(text, "expected_participants") == typed


def test_no_purpose_ticked_is_refused_next_to_the_purposes(app, client):
    text = refused(app, client, across_departments="")
    assert 'id="purposes-error"' in text
    assert "Sæt kryds ved mindst ét af puljens formål" in text


def test_no_budget_line_is_refused(app, client):
    text = refused(app, client, **{"budget-0-description": "", "budget-0-amount": "",
                                   "budget-1-description": "", "budget-1-amount": ""})
    assert "økonomi (mindst én budgetlinje)" in text


def test_an_application_longer_than_one_page_says_how_much_to_cut(app, client):
    text = refused(app, client, purpose=LONG_PURPOSE)
    match = re.search(r"Ansøgningen fylder mere end én side — forkort formålet med ca\. "
                      r"([\d.]+) tegn\.", text)
    assert match, "R3 message missing"
    assert 0 < int(match.group(1).replace(".", "")) < len(LONG_PURPOSE)
    assert 'id="purpose-error"' in text
    assert LONG_PURPOSE.strip() in text


def test_add_and_remove_budget_lines_without_javascript(app, client):
    before = count(app)
    added = unescape(client.post("/ansoeg", data=valid_form(add_line="1", send=None))
                     .get_data(as_text=True))
    assert value(added, "budget-2-description") == ""
    assert value(added, "budget-1-description") == "Musik"
    assert "6.500,50" in added and "Skriv dit navn." not in added
    removed = unescape(client.post("/ansoeg", data=valid_form(remove_line="0", send=None))
                       .get_data(as_text=True))
    assert value(removed, "budget-0-description") is None
    assert value(removed, "budget-1-description") == "Musik"
    assert "2.500,50" in removed and value(removed, "applicant_name") == "Karen Jensen"
    assert count(app) == before


def test_outside_the_pool_s_dates_the_form_says_when_it_opens(app, client):
    def close_pool(session):
        pool = session.exec(select(Pool).where(Pool.year == date.today().year)).one()
        pool.opens_on = date.today() + timedelta(days=1)
        pool.closes_on = date.today() + timedelta(days=60)
    with app.app_context(), transaction(sessions()) as session:
        close_pool(session)
    before = count(app)
    for response in (client.get("/ansoeg"), client.post("/ansoeg", data=valid_form())):
        page = unescape(response.get_data(as_text=True))
        assert "Du kan ikke søge lige nu" in page and "tager imod ansøgninger fra" in page
    assert count(app) == before
