"""A resident who chose English reads no Danish: every resident page, the rules' refusals,
the state names, the purposes, the space meter and the receipt mail."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.models import OutboxMail
from tests.helpers.resident_language import (  # noqa: F401 (a fixture)
    danish_words,
    english,
    fresh_catalogues,
)
from tests.helpers.resident_pages import token_of, valid_form

ENGLISH_TEXT = {"applicant_name": "Karen Jensen", "applicant_address": "3 Garden Road",
                "title": "Summer party in the yard",
                "purpose": "A party in the yard where new and old neighbours meet.",
                "budget-0-description": "Tent and tables", "budget-1-description": "Music"}


@pytest.mark.usefixtures("fresh_catalogues")
def test_every_resident_page_in_english_has_no_danish_sentence(app, client):
    client.get("/?lang=en")
    for url in ("/", "/ansoeg", "/tilgaengelighed"):
        assert danish_words(english(client, url)) == set(), url

    # Every error at once, the rules' among them, in English.
    start = date.today() + timedelta(days=10)
    refused = english(client, "/ansoeg", data=valid_form(**(ENGLISH_TEXT | {
        "applicant_name": "", "across_departments": "", "period_start": start.isoformat(),
        "period_end": (start - timedelta(days=1)).isoformat(), "budget-0-amount": "19.000"})))
    assert danish_words(refused) == set()
    for message in ("The end date is before the start date.",
                    "is more than the pool's limit of 20.000,00",
                    "Tick at least one of the pool's purposes: »brings together several",
                    "Brings together several housing departments"):
        assert message in unescape(refused), message

    sent = client.post("/ansoeg", data=valid_form(**ENGLISH_TEXT))
    assert sent.status_code == 302
    token = token_of(sent)
    for url in (sent.location, f"/sag/{token}", f"/sag/{token}/traek-tilbage"):
        html = english(client, url)
        assert danish_words(html) == set(), (url, danish_words(html))
    assert "Received" in english(client, f"/sag/{token}")

    meter = client.post("/ansoeg/plads", data=valid_form(**ENGLISH_TEXT)).get_json()
    assert meter["text"].startswith("There is room for about ")

    with app.app_context():
        # The resident's receipt (the team's "Ny ansøgning" goes out beside it, in Danish).
        mail = sessions()().exec(select(OutboxMail).where(OutboxMail.kind == "receipt")
                                 .order_by(OutboxMail.id.desc())).first()
    assert mail.subject.startswith("Receipt for your application")
    assert danish_words(mail.body) == set(), danish_words(mail.body)


def test_the_detector_finds_danish():
    assert danish_words("<p>Vi behandler ansøgningen, før aktiviteten begynder.</p>") == {
        "vi", "ansøgningen", "før"}
