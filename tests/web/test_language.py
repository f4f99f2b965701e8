"""English for the resident's journey and the shell: the shipped catalogue, ?lang=en, the cookie.

Danish is the source language (the msgids); English is chosen with ?lang=en and kept in a
cookie. The language tests that build their own catalogue live in test_auth.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from pulje.web.i18n import LANG_COOKIE
from tests.helpers.resident_language import fresh_catalogues  # noqa: F401 (a fixture)
from tests.helpers.resident_pages import page, token_of, valid_form

CATALOGUE = Path(__file__).parents[2] / "pulje" / "translations" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# Flask-Babel keeps loaded catalogues on the one Babel object, by locale, for every app in the
# process; test_auth's apps load their own: each test starts and ends with none loaded.
pytestmark = pytest.mark.usefixtures("fresh_catalogues")


def test_the_english_catalogue_is_complete_and_compiled():
    with open(CATALOGUE / "messages.po", "rb") as file:
        po = read_po(file)
    with open(CATALOGUE / "messages.mo", "rb") as file:
        mo = read_mo(file)
    messages = [m for m in po if m.id]
    assert len(messages) > 150
    for message in messages:
        # A plural message has a tuple of forms on both sides; each form is checked.
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        # The same placeholders, so an English page never fails on a missing %(name)s.
        for source, text in zip(ids, strings, strict=True):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), \
                message.id
        # The compiled file is the .po's current text (`make translations` was run).
        assert mo.get(message.id) is not None and tuple(strings) == (
            tuple(mo[message.id].string) if message.pluralizable else (mo[message.id].string,))


def test_danish_is_the_default(client):
    start = page(client.get("/"))
    assert '<html lang="da">' in start and "Søg om støtte" in start
    assert "Apply for funding" not in start and 'hreflang="en"' in start
    form = page(client.get("/ansoeg"))
    assert "Dit navn" in form and "Send ansøgning" in form and "Your name" not in form


def test_english_start_page_and_form_and_the_choice_is_kept(client):
    chosen = client.get("/?lang=en")
    start = page(chosen)
    assert '<html lang="en">' in start
    assert "Get funding for a community activity where you live" in start
    assert ">Apply for funding</a>" in start and "Søg om støtte" not in start
    assert f"{LANG_COOKIE}=en" in chosen.headers["Set-Cookie"]
    assert 'hreflang="da"' in start

    form = page(client.get("/ansoeg"))  # no ?lang: the cookie keeps English
    assert '<html lang="en">' in form
    assert "Your name" in form and "Expected number of participants" in form
    assert ">Send application</button>" in form and "(optional)" in form

    back = page(client.get("/?lang=da"))
    assert '<html lang="da">' in back and "Søg om støtte" in back


def test_a_form_error_in_english_is_shown_in_english(client):
    response = client.post("/ansoeg?lang=en", data=valid_form(
        applicant_name="", expected_participants="many", **{"budget-0-description": ""}))
    assert response.status_code == 422
    form = page(response)
    assert '<html lang="en">' in form
    assert "The application has not been sent yet" in form
    assert "Enter your name." in form and "Enter a whole number, e.g. 25." in form
    assert "Budget line 1: Say what the amount is for." in form
    assert "Skriv dit navn." not in form


def test_the_receipt_and_the_case_page_in_english(client):
    client.get("/?lang=en")
    response = client.post("/ansoeg", data=valid_form())
    assert response.status_code == 302
    receipt = page(client.get(response.location))
    assert "Thank you — we have received your application" in receipt
    assert "We have also sent the link to karen@beboer.example." in receipt
    status = page(client.get(f"/sag/{token_of(response)}"))
    assert '<html lang="en">' in status and "What happens now" in status
    assert "What you applied for" in status and "Withdraw the application" in status


def test_error_pages_and_the_login_page_in_english(client):
    client.get("/?lang=en")
    missing = client.get("/findes-ikke")
    assert missing.status_code == 404 and "Page not found" in page(missing)
    wrong = page(client.post("/login", data={"email": "nobody@domi.example",
                                             "password": "not-the-password"}))
    assert "Wrong email or password." in wrong and "Password" in wrong
