"""The public inspiration catalogue and its feed: what they show, the filters, and that nothing
a resident typed ever reaches them."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from sqlmodel import select

from pulje.clock import today
from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, Department
from pulje.services import decisions, outcomes
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.queries import organisation_by_cvr
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from pulje.uploads import upload_folder
from tests.factories import CASEWORKER, invoice_input
from tests.helpers.caseworker_pages import read
from tests.helpers.resident_pages import token_of, valid_form
from tests.outcomes.photos import jpeg_with_location, png

MARKER = "Zq7Privat"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def app(app_factory):
    return app_factory(RATELIMIT_PRIVATE_LINK="100000 per minute")


def granted_paid_closed(session, application: Application) -> None:
    """The caseworker grants with the public text approved for open data, pays and closes."""
    decisions.start_review(session, application, CASEWORKER)
    decisions.approve(session, application, CASEWORKER, 2_000_00, today=today(),
                      public_title="Kagebord i gården",
                      public_description="Et kagebord for en lille gruppe naboer.")
    invoice = register_invoice(session, application, CASEWORKER, invoice_input(
        1_500_00, number=f"K-{application.reference}", issue_date=today(),
        activity_date=application.period_start))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=today(),
                   idempotency_key=f"k-{application.reference}")
    decisions.close(session, application, CASEWORKER)


def completed_case(app, *, consent: bool = True, marker: str = MARKER, **overrides) -> int:
    """A case with the marker in every field a resident fills in, granted with the public
    text the caseworker approved, paid, closed, and reported on with a photo."""
    values = dict(
        department_number="3", applicant_name=f"Karen {marker}",
        applicant_address=f"{marker}vej 3, 8300 Odder",
        applicant_email=f"{marker.lower()}@beboer.example", applicant_phone="20 30 40 50",
        title=f"Fest {marker}", purpose=f"Vi vil {marker} samle opgangen.",
        expected_participants=40, period_start=today() + timedelta(days=10),
        period_end=today() + timedelta(days=11), small_group=True,
        budget=[BudgetLineInput(description=f"Kage {marker}", amount=2_000_00)])
    values.update(overrides)
    with app.app_context(), transaction(sessions()) as session:
        organisation = organisation_by_cvr(session, "30000005")
        application = submit_application(session, organisation.id, ApplicationInput(**values),
                                         today=today())
        granted_paid_closed(session, application)
        outcomes.save_report(session, application, Actor.resident(application.applicant_name),
                             outcomes.OutcomeInput(participants=33, story=f"Hej {marker}",
                                                   photo_consent=consent),
                             photos=[png()], folder=upload_folder(app), today=today())
        return application.id


def test_a_marker_in_every_resident_field_never_reaches_the_page_or_the_feed(app):
    completed_case(app)
    client = app.test_client()
    page = client.get("/inspiration").get_data(as_text=True)
    feed = client.get("/inspiration.atom").get_data(as_text=True)
    assert "Kagebord i gården" in page and "Kagebord i gården" in feed
    assert "1.500,00" in page and "33" in page and "3 Ørnebjerg" in page
    for text in (page, feed):
        assert MARKER.lower() not in text.lower()


def test_a_marker_typed_into_every_field_of_the_resident_forms_never_reaches_the_public(app):
    """Through the pages a resident uses: the application form (every text field), then,
    once the activity is held, the short report (its words, and a photo whose file name and
    embedded comment and EXIF carry the marker too)."""
    client = app.test_client()
    start = today() + timedelta(days=10)
    sent = client.post("/ansoeg", data=valid_form(
        applicant_name=f"Karen {MARKER}", applicant_address=f"{MARKER}vej 3, 8300 Odder",
        applicant_email=f"{MARKER.lower()}@beboer.example", title=f"Fest {MARKER}",
        purpose=f"Vi vil {MARKER} samle opgangen.", department="3",
        period_start=start.isoformat(), period_end=start.isoformat(), across_departments="",
        small_group="y", **{"budget-0-description": f"Kage {MARKER}", "budget-0-amount": "1.500",
                            "budget-1-description": f"Kaffe {MARKER}", "budget-1-amount": "500"}))
    token = token_of(sent)
    with app.app_context(), transaction(sessions()) as session:
        application = session.exec(select(Application).where(
            Application.public_token == token)).one()
        granted_paid_closed(session, application)
        case_id = application.id
    photo = jpeg_with_location(comment=MARKER.encode())
    assert MARKER.encode() in photo
    reported = client.post(f"/sag/{token}/afrapportering", data={
        "participants": "33", "story": f"Hej {MARKER}", "again": "yes", "photo_consent": "y",
        "photos": [(io.BytesIO(photo), f"{MARKER}.jpg")]}, content_type="multipart/form-data")
    assert reported.status_code == 302, reported.get_data(as_text=True)

    visitor = app.test_client()
    department_3 = read(app, lambda s, _o: s.exec(select(Department.id).where(
        Department.number == "3")).one())
    pages = [visitor.get(url).get_data(as_text=True) for url in (
        "/inspiration", "/inspiration?purpose=small_group",
        f"/inspiration?department={department_3}", "/inspiration?lang=en",
        "/inspiration.atom")]
    assert all(f'aktivitet-{case_id}"' in page or f"aktivitet-{case_id}<" in page
               for page in pages), "the activity is listed on every view"
    for page in pages:
        assert MARKER.lower() not in page.lower()
    (src,) = re.findall(rf'id="aktivitet-{case_id}".*?src="(/inspiration/billede/\d+)"',
                        pages[0], re.S)
    served = visitor.get(src)
    assert served.status_code == 200 and MARKER.encode() not in served.get_data()
    served.close()


def test_photos_only_with_consent_and_gone_at_once_when_it_is_withdrawn(app):
    case_id = completed_case(app, consent=True)
    client = app.test_client()
    (src,) = re.findall(r'src="(/inspiration/billede/\d+)"', client.get(
        "/inspiration").get_data(as_text=True))
    shown = client.get(src)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    shown.close()
    with app.app_context(), transaction(sessions()) as session:
        outcomes.withdraw_consent(session, session.get(Application, case_id),
                                  Actor.resident("Karen"))
    assert "/inspiration/billede/" not in client.get("/inspiration").get_data(as_text=True)
    assert client.get(src).status_code == 404


def test_without_consent_no_photo_is_shown_or_served(app):
    completed_case(app, consent=False)
    client = app.test_client()
    assert "/inspiration/billede/" not in client.get("/inspiration").get_data(as_text=True)
    photo_id = read(app, lambda s, _o: max(p.id for p in outcomes.photos_of(
        s, outcomes.report_of(s, s.exec(select(Application).order_by(
            Application.id.desc())).first()))))
    assert client.get(f"/inspiration/billede/{photo_id}").status_code == 404


def test_filters_by_purpose_and_department_and_refuses_unknown_values(app):
    completed_case(app)
    client = app.test_client()
    department_3 = read(app, lambda s, _o: s.exec(select(Department.id).where(
        Department.number == "3")).one())
    small = client.get("/inspiration?purpose=small_group").get_data(as_text=True)
    assert "Kagebord i gården" in small
    across = client.get("/inspiration?purpose=across_departments").get_data(as_text=True)
    assert "Kagebord i gården" not in across
    mine = client.get(f"/inspiration?department={department_3}").get_data(as_text=True)
    assert "Kagebord i gården" in mine and 'id="aktivitet-' in mine
    for query in ("purpose=drop", "department=abc", "department=999999"):
        response = client.get(f"/inspiration?{query}")
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and 'aria-invalid="true"' in body, query
        assert "Kagebord i gården" in body  # an unknown filter shows everything


def test_the_start_page_links_to_the_catalogue_and_the_feed_is_atom(app):
    client = app.test_client()
    start = client.get("/").get_data(as_text=True)
    assert 'href="/inspiration"' in start and "Se hvad andre har lavet" in start
    response = client.get("/inspiration.atom")
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.parse(io.BytesIO(response.get_data())).getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    # The demo's closed cases with public text, independently counted.
    shown = read(app, lambda s, _o: len(s.exec(select(Application.id).where(
        Application.state == "closed", Application.public_title.is_not(None))).all()))
    assert len(entries) == shown > 0
    assert all(e.find(f"{ATOM}id").text and e.find(f"{ATOM}updated").text for e in entries)
