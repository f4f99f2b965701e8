"""Every refusal is shown on the case page with its rule, nothing changes, what was typed stays."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from html import unescape

from sqlmodel import select

from pulje.clock import today
from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, Pool
from pulje.services.accounting import pool_figures
from pulje.services.queries import organisation_by_cvr
from tests.helpers.caseworker_pages import (
    actions,
    approved,
    caseworker,
    field_value,
    in_review,
    invoice_fields,
    payment_key,
    refused,
    snapshot,
)

__all__ = ["approved", "caseworker", "in_review"]  # fixtures used below


def change_pool(app, change) -> None:
    """Change this year's pool after the case came in (the board lowered the cap, say)."""
    with app.app_context(), transaction(sessions()) as session:
        org = organisation_by_cvr(session, "30000005").id
        change(session, session.exec(select(Pool).where(Pool.organisation_id == org,
                                                        Pool.year == today().year)).one())


def test_grant_over_the_cap_is_refused_by_r2(app, caseworker, in_review):
    # The form refuses more than the cap; a cap lowered while the case waits still holds.
    reference, url = in_review(requested=20_000_00)
    change_pool(app, lambda session, pool: setattr(pool, "cap", 15_000_00))
    html = caseworker.get(url).get_data(as_text=True)
    assert field_value(html, "approve-amount") == "15.000,00"  # the suggestion stops at the cap
    page = refused(app, caseworker, reference, f"{url}/bevilling",
                   {"approve-amount": "20.000"})
    # The rule's short name links to the rule on the rules page.
    assert ('<a href="/sagsbehandling/regler#R2">Loft pr. projekt (R2)</a>: Beløbet '
            "20.000,00\xa0kr. overstiger puljens loft på 15.000,00\xa0kr.") in page
    assert field_value(page, "approve-amount") == "20.000"


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
    assert (f"Puljens ramme (R1)</a>: Der er kun 1.000,00\xa0kr. tilbage i puljen "
            f"{today().year}") in page


def test_grant_after_the_activity_started_is_refused_by_r6(app, caseworker, in_review):
    reference, url = in_review(starts_in=1)

    def started_today(session, org):  # the case waited until its activity began
        case = session.exec(select(Application).where(Application.reference == reference)).one()
        case.period_start = today()
    with app.app_context(), transaction(sessions()) as session:
        started_today(session, organisation_by_cvr(session, "30000005").id)
    page = refused(app, caseworker, reference, f"{url}/bevilling", {"approve-amount": "1.000"})
    assert f"Tilsagn før aktiviteten (R6)</a>: Aktiviteten startede {today():%d.%m.%Y}" in page
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
    assert "Tilsagn før aktiviteten (R6)</a>: Fristen for fakturaer er" in page


def test_invoice_to_the_wrong_buyer_is_stored_refused_by_r9(app, caseworker, approved):
    reference, url = approved
    response = caseworker.post(f"{url}/faktura", data=invoice_fields(
        **{"invoice-buyer_name": "Karen Jensen"}), follow_redirects=True)
    page = unescape(response.get_data(as_text=True))
    assert ("Fakturaen er registreret, men afvist efter R9: Fakturaen skal lyde på DOMI Bolig "
            "(CVR 30000005), men navnet »Karen Jensen« passer ikke.") in page
    assert snapshot(app, reference)["invoices"][0][1] == "refused"
    assert not any("/godkend" in action for action in actions(page))


def test_invoice_without_the_buyers_cvr_is_refused_with_the_form_kept(app, caseworker,
                                                                      approved):
    reference, url = approved
    page = refused(app, caseworker, reference, f"{url}/faktura",
                   invoice_fields(**{"invoice-buyer_cvr": ""}))
    assert "Skriv køberens CVR-nummer, som det står på fakturaen." in page
    assert field_value(page, "invoice-supplier_name") == "Odder Festudlejning ApS"


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
    assert (f"Faktura nr. F-2031 fra Odder Festudlejning ApS er allerede registreret på sag "
            f"{reference}") in page
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


def test_the_rules_page_explains_each_rule_at_its_anchor(client, caseworker):
    page = unescape(caseworker.get("/sagsbehandling/regler").get_data(as_text=True))
    for code, name in (("R2", "Loft pr. projekt"), ("R6", "Tilsagn før aktiviteten"),
                       ("R9", "Faktura lyder på organisationen")):
        assert f'id="{code}"' in page and f"{name} ({code})" in page
    assert "loft pr. projekt 20.000,00\xa0kr." in page
    # R5's purposes are the pool's rule set's.
    r5 = page.split('id="R5"', 1)[1].split("</section>", 1)[0]
    assert "Mindst 1 af:" in r5 and "<li>Går på tværs af afdelinger</li>" in r5
