"""Every refusal is shown on the case page with its rule, nothing changes, what was typed stays."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Pool
from pulje.services.accounting import pool_figures
from pulje.services.queries import organisation_by_cvr
from pulje.web.caseworker.actions import today
from tests.helpers.caseworker_pages import (
    CASEWORKER,
    actions,
    field_value,
    invoice_fields,
    new_case,
    payment_key,
    snapshot,
)


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


@pytest.fixture
def in_review(app, caseworker):
    """Make a case and take it into review; returns (reference, case url)."""
    def make(**overrides):
        reference = new_case(app, **overrides)
        url = f"/sagsbehandling/sag/{reference}"
        assert caseworker.post(f"{url}/behandling").status_code == 302
        return reference, url
    return make


@pytest.fixture
def approved(app, caseworker, in_review):
    """A case granted 10.000 kr.; returns (reference, case url)."""
    reference, url = in_review(requested=10_000_00)
    assert caseworker.post(f"{url}/bevilling", data={"approve-amount": "10.000"}
                           ).status_code == 302
    return reference, url


def refused(app, caseworker, reference, url, data=None, **kwargs) -> str:
    """Post a step that must be refused: 422, nothing changed; returns the page's text."""
    before = snapshot(app, reference)
    response = caseworker.post(url, data=data or {}, **kwargs)
    assert response.status_code == 422
    assert snapshot(app, reference) == before
    return unescape(response.get_data(as_text=True))


def test_grant_over_the_cap_is_refused_by_r2(app, caseworker, in_review):
    reference, url = in_review(requested=25_000_00)
    html = caseworker.get(url).get_data(as_text=True)
    assert field_value(html, "approve-amount") == "20.000,00"  # the suggestion stops at the cap
    page = refused(app, caseworker, reference, f"{url}/bevilling",
                   {"approve-amount": "25.000"})
    assert "R2: Beløbet 25.000,00\xa0kr. overstiger puljens loft på 20.000,00\xa0kr." in page
    assert field_value(page, "approve-amount") == "25.000"


def test_grant_over_the_pools_room_is_refused_by_r1(app, caseworker, in_review):
    reference, url = in_review(requested=5_000_00)

    def shrink_pool(session, org):
        pool = session.exec(select(Pool).where(Pool.organisation_id == org,
                                               Pool.year == today().year)).one()
        pool.total -= pool_figures(session, pool).available - 1_000_00

    with app.app_context(), transaction(sessions()) as session:
        shrink_pool(session, organisation_by_cvr(session, "30000005").id)
    assert field_value(caseworker.get(url).get_data(as_text=True), "approve-amount") == "1.000,00"
    page = refused(app, caseworker, reference, f"{url}/bevilling", {"approve-amount": "5.000"})
    assert f"R1: Der er kun 1.000,00\xa0kr. tilbage i puljen {today().year}" in page


def test_grant_after_the_activity_started_is_refused_by_r6(app, caseworker, in_review):
    reference, url = in_review(starts_in=0)
    page = refused(app, caseworker, reference, f"{url}/bevilling", {"approve-amount": "1.000"})
    assert f"R6: Aktiviteten startede {today():%d.%m.%Y}" in page
    html = caseworker.get("/sagsbehandling/?q=" + reference).get_data(as_text=True)
    assert "uden afgørelse" in html  # and the queue marks it overdue


def test_unreadable_amount_keeps_what_was_typed_with_a_danish_error(app, caseworker, in_review):
    reference, url = in_review()
    page = refused(app, caseworker, reference, f"{url}/bevilling", {"approve-amount": "tolv"})
    assert "»tolv« er ikke et beløb" in page and field_value(page, "approve-amount") == "tolv"


def test_reject_without_reason_is_refused(app, caseworker, in_review):
    reference, url = in_review()
    page = refused(app, caseworker, reference, f"{url}/afslag", {"reject-reason": "  "})
    assert "Feltet skal udfyldes." in page


def test_a_step_the_state_does_not_allow_is_refused(app, caseworker, approved):
    reference, url = approved
    page = refused(app, caseworker, reference, f"{url}/behandling")
    assert "Handlingen »påbegynd behandling« er ikke mulig, når sagen er »bevilget«" in page


def test_lapse_before_the_deadline_is_refused(app, caseworker, approved):
    reference, url = approved
    page = refused(app, caseworker, reference, f"{url}/bortfald")
    assert "R6: Fristen for fakturaer er" in page


def test_invoice_to_the_wrong_buyer_is_stored_refused_by_r9(app, caseworker, approved):
    reference, url = approved
    response = caseworker.post(f"{url}/faktura", data=invoice_fields(
        **{"invoice-buyer_name": "Karen Jensen", "invoice-buyer_cvr": ""}),
        follow_redirects=True)
    page = unescape(response.get_data(as_text=True))
    assert "Fakturaen er registreret, men afvist. R9: Fakturaen lyder på »Karen Jensen«" in page
    assert snapshot(app, reference)["invoices"][0][1] == "refused"
    assert not any("/godkend" in action for action in actions(page))


def test_non_pdf_upload_is_refused_and_nothing_stored(app, caseworker, approved):
    reference, url = approved
    page = refused(app, caseworker, reference, f"{url}/faktura", {
        **invoice_fields(), "invoice-file": (io.BytesIO(b"<html>not a pdf"), "faktura.pdf")},
        content_type="multipart/form-data")
    assert "Filen er ikke en PDF." in page
    assert field_value(page, "invoice-supplier_name") == "Odder Festudlejning ApS"
    folder = app.config["UPLOAD_FOLDER"]
    assert not os.path.exists(folder) or os.listdir(folder) == []


def test_duplicate_invoice_is_refused_with_the_form_kept(app, caseworker, approved):
    reference, url = approved
    caseworker.post(f"{url}/faktura", data=invoice_fields(**{"invoice-amount": "4.000"}))
    page = refused(app, caseworker, reference, f"{url}/faktura",
                   invoice_fields(**{"invoice-amount": "4.000"}))
    assert "er allerede registreret på sagen" in page
    assert field_value(page, "invoice-amount") == "4.000"


def test_double_submitted_payment_is_recorded_once(app, caseworker, approved):
    reference, url = approved
    caseworker.post(f"{url}/faktura", data=invoice_fields(**{"invoice-amount": "6.000"}))
    invoice_id = snapshot(app, reference)["invoices"][0][0]
    caseworker.post(f"/sagsbehandling/faktura/{invoice_id}/godkend")
    key = payment_key(caseworker.get(url).get_data(as_text=True), invoice_id)
    form = {f"pay-{invoice_id}-paid_on": today().isoformat(), f"pay-{invoice_id}-key": key}
    payments = snapshot(app, reference)["payments"]

    first = caseworker.post(f"/sagsbehandling/faktura/{invoice_id}/betaling", data=form,
                            follow_redirects=True)
    second = caseworker.post(f"/sagsbehandling/faktura/{invoice_id}/betaling", data=form,
                             follow_redirects=True)
    assert "Betaling på 6.000,00" in unescape(first.get_data(as_text=True))
    assert "var allerede registreret; den er ikke registreret igen" in unescape(
        second.get_data(as_text=True))
    assert snapshot(app, reference)["payments"] == payments + 1


def test_payment_form_without_its_key_is_refused(app, caseworker, approved):
    reference, url = approved
    caseworker.post(f"{url}/faktura", data=invoice_fields())
    invoice_id = snapshot(app, reference)["invoices"][0][0]
    caseworker.post(f"/sagsbehandling/faktura/{invoice_id}/godkend")
    page = refused(app, caseworker, reference, f"/sagsbehandling/faktura/{invoice_id}/betaling",
                   {f"pay-{invoice_id}-paid_on": (today() - timedelta(days=1)).isoformat()})
    assert "Formularen er for gammel; prøv igen." in page
