"""The caseworker's journey through the web pages: queue → case → every step to closing."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlmodel import select

from pulje.clock import today
from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, Invoice
from pulje.services.queries import case_by_reference, organisation_by_cvr
from tests.einvoice.helpers import fixture
from tests.helpers.caseworker_pages import (
    CASEWORKER,
    PDF,
    actions,
    case_state,
    field_value,
    figures,
    invoice_fields,
    new_case,
    payment_key,
    read,
)
from workflows.money import format_money


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


def test_queue_lists_the_organisations_cases_with_counts_and_filters(app, caseworker):
    reference = new_case(app, title="Loppemarked i Søvangen")
    page = caseworker.get("/sagsbehandling/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert reference in html and "Loppemarked i Søvangen" in html
    assert 'aria-current="page">Alle' in html
    filtered = caseworker.get("/sagsbehandling/?state=approved").get_data(as_text=True)
    assert reference not in filtered and "Ramadan-fejring" in filtered
    # Every word must occur: the demo's other flea market is not in Søvangen.
    searched = caseworker.get("/sagsbehandling/?q=loppemarked+soevangen").get_data(as_text=True)
    assert reference in searched and "Ramadan-fejring" not in searched
    assert "1 sag matcher filtrene" in searched


def test_queue_marks_overdue_cases(app, caseworker):
    html = caseworker.get("/sagsbehandling/?state=approved").get_data(as_text=True)
    # The demo's Ramadan case has only a refused invoice and its period ended long ago.
    assert "Ingen faktura inden fristen" in html and 'class="cw-overdue"' in html


def test_from_review_to_closing_with_the_pool_changing(app, caseworker):
    reference = new_case(app, requested=15_000_00)
    url = f"/sagsbehandling/sag/{reference}"
    before = figures(app)

    html = caseworker.get(url).get_data(as_text=True)
    assert actions(html) == {f"{url}/behandling"}
    assert format_money(before.available) in html
    response = caseworker.post(f"{url}/behandling")
    assert response.status_code == 302 and response.location.endswith(url)
    assert case_state(app, reference) == ("in_review", None)

    html = caseworker.get(url).get_data(as_text=True)
    assert "Sagen er nu under behandling." in html
    assert actions(html) == {f"{url}/{step}" for step in ("bevilling", "spoergsmaal", "afslag")}
    # The suggested grant is what was applied for (within cap and room), as typed kroner.
    assert field_value(html, "approve-amount") == "15.000,00"

    # Less than applied for needs a reason the resident can read.
    page = caseworker.post(f"{url}/bevilling", data={"approve-amount": "12.000"})
    assert page.status_code == 422 and case_state(app, reference) == ("in_review", None)
    assert "Skriv en begrundelse til ansøgeren" in unescape(page.get_data(as_text=True))
    assert caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "12.000", "approve-reason": "Musikken dækkes ikke af puljen."}
        ).status_code == 302
    assert case_state(app, reference) == ("approved", 12_000_00)
    after_grant = figures(app)
    assert after_grant.available == before.available - 12_000_00
    html = caseworker.get(url).get_data(as_text=True)
    assert "Sagen er bevilget med 12.000,00" in html
    assert format_money(after_grant.available) in html

    response = caseworker.post(f"{url}/faktura", data={
        **invoice_fields(), "invoice-file": (io.BytesIO(PDF), "faktura 2031.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    invoice = read(app, lambda s, org: s.exec(select(Invoice).join(Application).where(
        Application.reference == reference)).one())
    assert invoice.state == "received" and invoice.file_name == "faktura 2031.pdf"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", invoice.file_path)
    stored = caseworker.get(f"/sagsbehandling/faktura/{invoice.id}/fil")
    assert stored.status_code == 200 and stored.data == PDF
    stored.close()

    assert caseworker.post(f"/sagsbehandling/faktura/{invoice.id}/godkend").status_code == 302
    html = caseworker.get(url).get_data(as_text=True)
    assert "godkendt til betaling" in html
    key = payment_key(html, invoice.id)
    response = caseworker.post(f"/sagsbehandling/faktura/{invoice.id}/betaling", data={
        f"pay-{invoice.id}-paid_on": today().isoformat(),
        f"pay-{invoice.id}-reference": "Bank 4711", f"pay-{invoice.id}-key": key})
    assert response.status_code == 302
    paid = figures(app)
    assert paid.paid == before.paid + 10_000_00 and paid.available == after_grant.available

    assert caseworker.post(f"{url}/afslut", data={"close-note": "Festen er holdt."}
                           ).status_code == 302
    assert case_state(app, reference)[0] == "closed"
    closed = figures(app)
    assert closed.released == before.released + 2_000_00
    assert closed.available == after_grant.available + 2_000_00

    html = caseworker.get(url).get_data(as_text=True)
    # The history in the past tense, as the statement has it.
    for step in ("Ansøgning modtaget", "Behandling påbegyndt", "Bevilget", "Faktura modtaget",
                 "Faktura godkendt til betaling", "Faktura betalt", "Afsluttet"):
        assert step in html
    assert "Frigivet 2.000,00" in html and "Bank 4711" in html
    assert "Sagen er afsluttet; der er ingen handlinger." in html and actions(html) == set()


def test_asking_a_question_and_rejecting(app, caseworker):
    reference = new_case(app)
    url = f"/sagsbehandling/sag/{reference}"
    caseworker.post(f"{url}/behandling")
    caseworker.post(f"{url}/spoergsmaal",
                    data={"request_info-question": "Hvem står for indkøbet?"})
    assert case_state(app, reference)[0] == "awaiting_info"
    html = caseworker.get(url).get_data(as_text=True)
    assert "Hvem står for indkøbet?" in html and "afventer ansøgerens svar" in html

    other = new_case(app)
    caseworker.post(f"/sagsbehandling/sag/{other}/behandling")
    response = caseworker.post(f"/sagsbehandling/sag/{other}/afslag",
                               data={"reject-reason": "Aktiviteten holdes i én afdeling."})
    assert response.status_code == 302
    assert case_state(app, other)[0] == "rejected"
    page = unescape(caseworker.get(f"/sagsbehandling/sag/{other}").get_data(as_text=True))
    assert "<h3>Begrundelse for afslag</h3>\n  <p class=\"pre\">Aktiviteten holdes i én " \
           "afdeling.</p>" in page


def test_the_reason_for_a_smaller_grant_is_not_called_a_refusal(app, caseworker):
    reference = new_case(app, requested=10_000_00)
    url = f"/sagsbehandling/sag/{reference}"
    caseworker.post(f"{url}/behandling")
    assert caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "8.000", "approve-reason": "Instruktøren dækkes ikke."}
    ).status_code == 302
    page = unescape(caseworker.get(url).get_data(as_text=True))
    assert "<h3>Begrundelse for at bevilge mindre end ansøgt</h3>" in page
    assert "Begrundelse for afslag" not in page


def test_case_page_shows_the_application_and_pdf_links(app, caseworker):
    reference = new_case(app, applicant_phone="20 30 40 50")
    html = caseworker.get(f"/sagsbehandling/sag/{reference}").get_data(as_text=True)
    for text in ("Karen Jensen", "20 30 40 50", "Telt og borde", "15.000,00", "1 Søvangen",
                 "Går på tværs af afdelinger"):
        assert text in html
    pdf = caseworker.get(f"/sagsbehandling/sag/{reference}/ansoegning.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    statement = caseworker.get(f"/sagsbehandling/sag/{reference}/sagsoversigt.pdf")
    assert statement.status_code == 200 and statement.data.startswith(b"%PDF-")


def test_another_organisations_case_is_not_found(app, caseworker):
    assert caseworker.get("/sagsbehandling/sag/1999-0001").status_code == 404
    assert caseworker.post("/sagsbehandling/faktura/999999/godkend").status_code == 404



def test_e_invoice_is_read_stored_and_downloadable(app, caseworker):
    reference = new_case(app, requested=10_000_00)
    url = f"/sagsbehandling/sag/{reference}"
    caseworker.post(f"{url}/behandling")
    caseworker.post(f"{url}/bevilling", data={"approve-amount": "10.000"})
    # Delivered and issued today, after the approval (R6); the sample itself is from 2025.
    day = today().isoformat().encode()
    xml = fixture("peppol/dk-domi-festudlejning.xml").replace(
        b"2025-06-16", day).replace(b"2025-06-14", day)
    response = caseworker.post(f"{url}/e-faktura", data={
        "einvoice-file": (io.BytesIO(xml), "festudlejning.xml")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "på 7.500,00" in unescape(response.get_data(as_text=True))
    invoice = read(app, lambda s, org: s.exec(select(Invoice).join(Application).where(
        Application.reference == reference)).one())
    assert (invoice.source, invoice.state, invoice.amount) == ("xml", "received", 7_500_00)
    stored = caseworker.get(f"/sagsbehandling/faktura/{invoice.id}/fil")
    assert stored.data == xml and stored.headers["Content-Disposition"].startswith("attachment")
    stored.close()
    broken = caseworker.post(f"{url}/e-faktura", data={
        "einvoice-file": (io.BytesIO(b"not xml"), "x.xml")}, content_type="multipart/form-data")
    assert broken.status_code == 422


def test_a_far_future_case_stored_before_the_period_check_breaks_no_page(app, caseworker):
    """Cases dated year 9999 were once accepted; the queue and the case must still work."""
    from datetime import date

    reference = new_case(app)
    with app.app_context(), transaction(sessions()) as session:
        case = case_by_reference(session, organisation_by_cvr(session, "30000005").id, reference)
        case.period_start = case.period_end = date(9999, 12, 1)
    for url in ("/sagsbehandling/", "/sagsbehandling/?state=submitted",
                f"/sagsbehandling/sag/{reference}"):
        assert caseworker.get(url).status_code == 200, url
    caseworker.post(f"/sagsbehandling/sag/{reference}/behandling")
    caseworker.post(f"/sagsbehandling/sag/{reference}/afslag",
                    data={"reject-reason": "Datoen er en tastefejl."})
    assert case_state(app, reference)[0] == "rejected"

