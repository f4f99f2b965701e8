"""The 500s of issue 12, each as it was met: huge integers in paths and queries, an invoice
registered on a case a colleague has just closed, a supplier CVR padded with spaces."""

from __future__ import annotations

import io
from html import unescape

import pytest
from sqlmodel import select

from pulje.models import Invoice
from pulje.web.params import MAX_ID, bounded_int
from tests.helpers.caseworker_pages import CASEWORKER, invoice_fields, new_case, read, snapshot

HUGE = "99999999999999999999"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


def approved_case(app, caseworker) -> tuple[str, str]:
    reference = new_case(app, requested=10_000_00)
    url = f"/sagsbehandling/sag/{reference}"
    assert caseworker.post(f"{url}/behandling").status_code == 302
    assert caseworker.post(f"{url}/bevilling", data={"approve-amount": "10.000"}
                           ).status_code == 302
    return reference, url


@pytest.mark.parametrize("path", [
    f"/bestyrelse/{HUGE}/aarsrapport.pdf", f"/bestyrelse/{2**31}/360giving.json",
    f"/sagsbehandling/faktura/{HUGE}/fil", f"/sagsbehandling/faktura/{2**63}/fil",
    "/sagsbehandling/faktura/" + "9" * 5000 + "/fil",
])
def test_a_huge_path_integer_is_not_found(app, login, path):
    client = app.test_client()
    login(client, "admin@domi.example")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("step", ["godkend", "afvis", "betaling"])
def test_a_huge_invoice_id_in_a_post_is_not_found(caseworker, step):
    assert caseworker.post(f"/sagsbehandling/faktura/{HUGE}/{step}").status_code == 404


@pytest.mark.parametrize("query", [
    f"department={HUGE}", f"year={HUGE}", f"page={HUGE}", "page=-3", "page=0",
    f"department={2**31}&year=-1&page={'9' * 5000}",
])
def test_a_huge_query_integer_shows_the_queue(caseworker, query):
    response = caseworker.get(f"/sagsbehandling/?{query}")
    assert response.status_code == 200
    assert 'name="q"' in response.get_data(as_text=True)  # the queue with its filters


def test_a_huge_year_on_the_dashboard_is_a_danish_refusal_not_an_error(app, login):
    client = app.test_client()
    login(client, "bent@domi.example")
    assert client.get(f"/bestyrelse/?year={HUGE}").status_code == 200


def test_a_pdf_invoice_on_a_case_a_colleague_just_closed(app, caseworker, login):
    reference, url = approved_case(app, caseworker)
    colleague = app.test_client()
    login(colleague, "admin@domi.example")
    assert colleague.post(f"{url}/afslut").status_code == 302
    before = snapshot(app, reference)
    response = caseworker.post(f"{url}/faktura", data={
        **invoice_fields(), "invoice-file": (io.BytesIO(PDF), "faktura.pdf")},
        content_type="multipart/form-data")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Fakturaer kan kun registreres på en bevilget sag." in page
    assert snapshot(app, reference) == before
    # The same for an e-invoice, and the upload folder keeps nothing.
    response = caseworker.post(f"{url}/e-faktura", data={
        "einvoice-file": (io.BytesIO(b"<?xml version='1.0'?><Invoice/>"), "f.xml")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert snapshot(app, reference) == before


def test_a_padded_supplier_cvr_is_read_as_its_eight_digits(app, caseworker):
    reference, url = approved_case(app, caseworker)
    response = caseworker.post(f"{url}/faktura", data=invoice_fields(**{
        "invoice-supplier_cvr": "  DK  4100 0007" + " " * 30,
        "invoice-buyer_cvr": " 30 00 00 05 "}))
    assert response.status_code == 302
    cvrs = read(app, lambda s, _org: s.exec(select(Invoice.supplier_cvr, Invoice.buyer_cvr))
                .all())
    assert ("41000007", "30000005") in cvrs


def test_bounded_int():
    assert bounded_int("42") == 42 and bounded_int(str(MAX_ID)) == MAX_ID
    for text in (None, "", str(MAX_ID + 1), "-1", "1e3", "٣", "9" * 5000, " 7"):
        assert bounded_int(text) is None, text
