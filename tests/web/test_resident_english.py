"""A resident who chose English reads no Danish: every resident page, the rules' refusals,
the state names, the purposes, the space meter and the receipt mail; the short report after
the activity (its form, refusals and mails) and the inspiration catalogue with its feed."""

from __future__ import annotations

import io
from datetime import date, timedelta
from html import unescape
from xml.etree import ElementTree

import pytest
from sqlalchemy import exists
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, OutboxMail, OutcomeReport
from pulje.services import notifications
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


# The organisation's and the applicant's own words are shown as written; in English here, so
# that what is tested is the pages' own text.
ENGLISH_TITLE = "Summer party in the yard"
ENGLISH_PUBLIC = ("Coffee in the courtyard", "Neighbours meet over coffee in the courtyard.")
ATOM = "{http://www.w3.org/2005/Atom}"


def report_section(html: str) -> str:
    """The status page's part about the short report (the rest shows the case's own words)."""
    start = html.index('id="afrapportering"')
    return html[start:html.index("</section>", start)]


def english_case_to_report_on(app) -> tuple[str, int]:
    """A demo case that is closed without a report, now titled and applied for in English
    (its private link and id); every closed case's public text in English as well."""
    with app.app_context(), transaction(sessions()) as session:
        for closed in session.exec(select(Application).where(
                Application.state == "closed")).all():
            closed.public_title, closed.public_description = ENGLISH_PUBLIC
            session.add(closed)
        application = session.exec(select(Application).where(
            Application.state == "closed", ~exists().where(
                OutcomeReport.application_id == Application.id)).order_by(Application.id)).first()
        application.title, application.language = ENGLISH_TITLE, "en"
        session.add(application)
        return application.public_token, application.id


@pytest.mark.usefixtures("fresh_catalogues")
def test_the_short_report_and_its_mails_in_english_have_no_danish_sentence(app, client):
    token, application_id = english_case_to_report_on(app)
    client.get("/?lang=en")
    status = english(client, f"/sag/{token}")
    assert "Give a short report" in report_section(status)
    assert danish_words(report_section(status)) == set()
    form = english(client, f"/sag/{token}/afrapportering")
    assert danish_words(form) == set(), danish_words(form)
    for words in ("How did “Summer party in the yard” go?", "How many took part?",
                  "Which housing estates did the participants come from?",
                  "The organisation may show the photos publicly"):
        assert words in unescape(form), words

    # Every refusal in English: the form's own, and the photo check's in the service.
    refused = client.post(f"/sag/{token}/afrapportering", data={
        "participants": "many", "departments": ["999999"], "again": "perhaps"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert danish_words(html) == set(), danish_words(html)
    for message in ("The report has not been saved yet", "Choose only housing estates from "
                    "the list.", "Choose yes or no."):
        assert message in unescape(html), message
    bad_photo = client.post(f"/sag/{token}/afrapportering", data={
        "participants": "12", "photos": [(io.BytesIO(b"%PDF-1.4 not a photo"), "a.jpg")]},
        content_type="multipart/form-data")
    html = bad_photo.get_data(as_text=True)
    assert bad_photo.status_code == 422 and danish_words(html) == set(), danish_words(html)
    assert "The file is not a photo we can use." in html

    sent = client.post(f"/sag/{token}/afrapportering", data={
        "participants": "12", "story": "It went well.", "again": "yes", "photo_consent": "y"})
    assert sent.status_code == 302
    status = english(client, sent.location)
    assert "Thank you! Your report has been saved." in status
    assert "Thank you for your report: 12 took part." in report_section(status)
    assert danish_words(report_section(status)) == set(), report_section(status)
    withdrawn = english(client, f"/sag/{token}/afrapportering/samtykke", data={},
                        follow_redirects=True)
    assert "The photos are no longer shown publicly." in withdrawn
    assert danish_words(report_section(withdrawn)) == set()

    # The request and its one reminder are written in the language the resident applied in.
    with app.app_context(), transaction(sessions()) as session:
        application = session.get(Application, application_id)
        for reminder in (False, True):
            notifications.outcome_request(session, application, reminder=reminder)
    with app.app_context():
        mails = sessions()().exec(select(OutboxMail).where(
            OutboxMail.kind.in_(("outcome_request", "outcome_reminder")))
            .order_by(OutboxMail.id)).all()
    assert [m.subject.split(":")[0] for m in mails] == [
        "How did it go? A short report on case " + mails[0].subject.split("case ")[1],
        "Reminder"]
    for mail in mails:
        assert f"/sag/{token}/afrapportering" in mail.body
        assert danish_words(mail.body) == set(), (mail.kind, danish_words(mail.body))


@pytest.mark.usefixtures("fresh_catalogues")
def test_the_catalogue_and_its_feed_in_english_have_no_danish_sentence(app, client):
    english_case_to_report_on(app)
    client.get("/?lang=en")
    start = english(client, "/")
    assert "See what others have done" in start
    page = english(client, "/inspiration")
    assert danish_words(page) == set(), danish_words(page)
    for words in ("See what others have done", "All purposes", "All housing estates",
                  "Coffee in the courtyard", "Follow new activities (Atom feed)",
                  "Brings together several housing departments"):
        assert words in unescape(page), words
    filtered = english(client, "/inspiration?purpose=small_group&department=999999")
    assert danish_words(filtered) == set(), danish_words(filtered)
    assert "Choose a housing estate from the list." in unescape(filtered)
    none = english(client, "/inspiration?purpose=nothing-like-it")
    assert "Choose a purpose from the list." in unescape(none)

    feed = ElementTree.fromstring(client.get("/inspiration.atom").get_data())
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.findtext(f"{ATOM}title").endswith(": activities funded by the pool")
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert summaries and all(danish_words(text) == set() for text in summaries), summaries
    assert any(" took part" in text for text in summaries)


def test_the_detector_finds_danish():
    assert danish_words("<p>Vi behandler ansøgningen, før aktiviteten begynder.</p>") == {
        "vi", "ansøgningen", "før"}
