"""The incoming invoices across cases: the list, and an e-invoice matched to its case by the
case number in its references, registered only once the caseworker confirms."""

from __future__ import annotations

import io
from html import unescape

import pytest
from sqlmodel import select

from pulje import clock
from pulje.models import Application, Invoice
from tests.einvoice.helpers import fixture
from tests.helpers.caseworker_pages import CASEWORKER, new_case
from tests.helpers.resident_pages import read


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def granted(caseworker, app) -> str:
    reference = new_case(app, requested=10_000_00)
    caseworker.post(f"/sagsbehandling/sag/{reference}/behandling")
    caseworker.post(f"/sagsbehandling/sag/{reference}/bevilling",
                    data={"approve-amount": "10.000"})
    return reference


def einvoice(buyer_reference: str) -> bytes:
    # Delivered and issued today, after the approval (R6); the sample itself is from 2025.
    day = clock.today().isoformat().encode()
    return fixture("peppol/dk-domi-festudlejning.xml").replace(
        b"Pulje 2025-0007", f"Pulje {buyer_reference}".encode()).replace(
        b"2025-06-16", day).replace(b"2025-06-14", day)


def upload(caseworker, data: bytes):
    return caseworker.post("/sagsbehandling/fakturaer/e-faktura", data={
        "inbox-file": (io.BytesIO(data), "festudlejning.xml")}, content_type="multipart/form-data")


def invoices_of(app, reference: str) -> list[Invoice]:
    return read(app, lambda s: s.exec(select(Invoice).join(Application).where(
        Application.reference == reference)).all())


def test_an_einvoice_is_matched_by_its_case_number_and_confirmed(app, caseworker):
    reference = granted(caseworker, app)
    page = upload(caseworker, einvoice(reference))
    assert page.status_code == 200
    html = text(page)
    assert f"Fakturaen nævner <strong>sag {reference}</strong>" in html and "7.500,00" in html
    assert invoices_of(app, reference) == []  # nothing registered before the confirmation
    pending = html.split('name="match-pending" type="hidden" value="')[1].split('"')[0]
    response = caseworker.post("/sagsbehandling/fakturaer/bekraeft", data={
        "match-pending": pending, "match-file_name": "festudlejning.xml",
        "match-reference": reference})
    assert response.status_code == 302 and response.location.endswith(reference)
    [invoice] = invoices_of(app, reference)
    assert (invoice.source, invoice.state, invoice.amount) == ("xml", "received", 7_500_00)
    listed = text(caseworker.get("/sagsbehandling/fakturaer"))
    assert reference in listed and "Venter på godkendelse" in listed
    # The waiting file is used once: confirming again finds nothing to register.
    again = caseworker.post("/sagsbehandling/fakturaer/bekraeft", data={
        "match-pending": pending, "match-reference": reference})
    assert again.status_code == 422 and "Upload e-fakturaen igen" in text(again)
    assert len(invoices_of(app, reference)) == 1


def test_an_unknown_case_number_asks_for_the_right_one(app, caseworker):
    reference = granted(caseworker, app)
    html = text(upload(caseworker, einvoice("1999-0001")))
    assert "Sagsnummer 1999-0001" in html and "findes ikke" in html
    pending = html.split('name="match-pending" type="hidden" value="')[1].split('"')[0]
    refused = caseworker.post("/sagsbehandling/fakturaer/bekraeft", data={
        "match-pending": pending, "match-reference": "sag 7"})
    assert refused.status_code == 422 and "ÅÅÅÅ-NNNN" in text(refused)
    assert caseworker.post("/sagsbehandling/fakturaer/bekraeft", data={
        "match-pending": pending, "match-reference": reference}).status_code == 302
    assert len(invoices_of(app, reference)) == 1


def test_a_hostile_pending_name_and_a_broken_file_are_refused(app, caseworker):
    reference = granted(caseworker, app)
    refused = caseworker.post("/sagsbehandling/fakturaer/bekraeft", data={
        "match-pending": "../../etc/passwd", "match-reference": reference})
    assert refused.status_code == 422 and invoices_of(app, reference) == []
    broken = upload(caseworker, b"<not-an-invoice/>")
    assert broken.status_code == 422
