"""The caseworker's money steps on the case page: a credit note names its invoice, an invoice
above what is left is accepted in part, the payee account is shown where the money is paid."""

from __future__ import annotations

from html import unescape

from tests.helpers.caseworker_pages import (
    approved,
    caseworker,
    in_review,
    invoice_fields,
    payment_key,
    refused,
    snapshot,
)

__all__ = ["approved", "caseworker", "in_review"]  # fixtures used below


def page_of(caseworker, url) -> str:
    return unescape(caseworker.get(url).get_data(as_text=True))


def register(caseworker, url, **fields) -> int:
    response = caseworker.post(f"{url}/faktura", data=invoice_fields(**fields))
    assert response.status_code == 302
    return response


def test_partial_acceptance_offers_the_rest_and_pays_it_to_the_account(app, caseworker,
                                                                       approved):
    reference, url = approved
    register(caseworker, url, **{"invoice-number": "F-1", "invoice-amount": "7.000"})
    first = snapshot(app, reference)["invoices"][0][0]
    caseworker.post(f"/sagsbehandling/faktura/{first}/godkend")
    register(caseworker, url, **{"invoice-number": "F-2", "invoice-amount": "5.000",
                                 "invoice-payment_account": "1234 0001234567"})
    second = snapshot(app, reference)["invoices"][1][0]
    page = page_of(caseworker, url)
    assert "Godkend 3.000,00\xa0kr. af 5.000,00\xa0kr." in page
    assert f"/sagsbehandling/faktura/{second}/godkend\"" not in page  # refuse or accept part
    # A stale or forged amount above what is left is refused and changes nothing.
    stale = refused(app, caseworker, reference,
                    f"/sagsbehandling/faktura/{second}/godkend-delvist",
                    {f"accept_part-{second}-partial": "300001"})
    assert "Der er kun 3.000,00\xa0kr. tilbage af bevillingen" in stale
    done = caseworker.post(f"/sagsbehandling/faktura/{second}/godkend-delvist",
                           data={f"accept_part-{second}-partial": "300000"},
                           follow_redirects=True)
    page = unescape(done.get_data(as_text=True))
    assert "godkendt til betaling med 3.000,00\xa0kr. af 5.000,00\xa0kr." in page
    assert "Tilbage af bevillingen" in page and "Godkendt, ikke betalt" in page
    assert "Betales til Odder Festudlejning ApS, konto <strong>1234 0001234567</strong>" in page
    assert "Registrér betaling af 3.000,00\xa0kr." in page
    key = payment_key(page, second)
    payments = snapshot(app, reference)["payments"]
    paid = caseworker.post(f"/sagsbehandling/faktura/{second}/betaling", data={
        f"pay-{second}-paid_on": "", f"pay-{second}-key": key}, follow_redirects=True)
    assert paid.status_code == 422  # no date: nothing paid
    assert snapshot(app, reference)["payments"] == payments


def test_a_credit_note_names_the_invoice_it_credits(app, caseworker, approved):
    reference, url = approved
    register(caseworker, url, **{"invoice-number": "F-1", "invoice-amount": "4.000"})
    invoice_id = snapshot(app, reference)["invoices"][0][0]
    page = page_of(caseworker, url)
    assert f'<option value="{invoice_id}">nr. F-1 · Odder Festudlejning ApS</option>' in page
    missing = refused(app, caseworker, reference, f"{url}/faktura", invoice_fields(
        **{"invoice-number": "K-1", "invoice-amount": "-1.000"}))
    assert "En kreditnota skal angive, hvilken faktura på sagen den krediterer." in missing
    register(caseworker, url, **{"invoice-number": "K-1", "invoice-amount": "-1.000",
                                 "invoice-credits": str(invoice_id)})
    page = page_of(caseworker, url)
    assert f'<dt>Krediterer</dt><dd><a href="#faktura-{invoice_id}">faktura nr. F-1</a>' in page
    assert "Krediteret</dt><dd>1.000,00\xa0kr. · herefter 3.000,00\xa0kr." in page
