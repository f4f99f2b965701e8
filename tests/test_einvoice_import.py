"""E-invoices dropped on a case: accepted or refused for the right reason, or not stored at all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from pulje.models import AuditEntry, Invoice
from pulje.services.accounting import case_money
from pulje.services.einvoice_import import import_einvoice
from pulje.services.errors import InputError
from pulje.services.invoices import accept_invoice
from pulje.services.payments import record_payment, record_refund
from tests.conftest import snapshot
from tests.factories import CASEWORKER, TODAY

DATA = Path(__file__).parent / "data"


@pytest.fixture
def granted_case(session, make_case):
    # The sample files were issued in June 2025: the case was approved before that (R6).
    case = make_case("approved", requested=20_000_00)
    case.decided_at = datetime(2025, 6, 1, 10, tzinfo=UTC)
    session.flush()
    return case


def drop(session, case, folder, relative):
    path = DATA / relative
    return import_einvoice(session, case, CASEWORKER, path.read_bytes(), file_name=path.name,
                           folder=folder)


def test_danish_invoice_to_the_organisation_is_received_with_its_figures(
        session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    assert (invoice.state, invoice.amount, invoice.supplier_name, invoice.supplier_cvr) == (
        "received", 7_500_00, "Odder Festudlejning ApS", "41000007")
    assert invoice.buyer_cvr == "30000005" and invoice.source == "xml"
    assert (tmp_path / invoice.file_path).read_bytes().startswith(b"<?xml")
    accept_invoice(session, invoice, CASEWORKER)
    assert invoice.state == "accepted"


def test_oioubl_invoice_is_read_too(session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "pulje/oioubl-dk-domi.xml")
    assert (invoice.state, invoice.amount) == ("received", 4_500_00)


@pytest.mark.parametrize("fixture, rule, words", [
    ("pulje/dk-other-buyer.xml", "R9", "Boligselskabet Vesterhus"),
    ("pulje/dk-from-applicant.xml", "R7", "udstedt af ansøgeren"),
    ("pulje/dk-payee-applicant.xml", "R7", "beder om betaling til »Karen Jensen«"),
])
def test_rule_breaking_invoice_is_kept_refused_with_its_reason(session, granted_case, tmp_path,
                                                               fixture, rule, words):
    invoice = drop(session, granted_case, tmp_path, fixture)
    assert (invoice.state, invoice.refusal_rule) == ("refused", rule)
    assert words in invoice.refusal_reason and not invoice.refusal_reason.startswith("R")
    assert (tmp_path / invoice.file_path).exists()


def test_invoice_above_the_grant_waits_for_the_caseworkers_choice(session, granted_case,
                                                                  tmp_path, refused):
    invoice = drop(session, granted_case, tmp_path, "pulje/dk-over-grant.xml")
    assert invoice.state == "received"
    refused(lambda: accept_invoice(session, invoice, CASEWORKER), rule="R8",
            message="Afvis den, eller godkend 20.000,00\xa0kr. af 25.000,00\xa0kr.")
    accept_invoice(session, invoice, CASEWORKER, partial=20_000_00)
    assert (invoice.state, invoice.accepted_amount) == ("accepted", 20_000_00)


def test_the_payee_account_is_stored_for_the_payment(session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    assert invoice.payment_account == "DK5000400440116243"
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="acc")
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "invoice_pay")).one()
    assert entry.note == ("Betalt 7.500,00\xa0kr. til Odder Festudlejning ApS, "
                          "konto DK5000400440116243")


def test_credit_note_names_its_invoice_and_lowers_the_payment(session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    accept_invoice(session, invoice, CASEWORKER)
    credit = drop(session, granted_case, tmp_path, "pulje/dk-creditnote-domi.xml")
    assert (credit.amount, credit.credits_invoice_id, credit.state) == (
        -375_00, invoice.id, "accepted")
    payment = record_payment(session, invoice, CASEWORKER, paid_on=TODAY,
                             idempotency_key="x1").payment
    assert payment.amount == 7_125_00
    assert case_money(session, granted_case).paid == 7_125_00


def test_credit_note_after_payment_is_a_refund_due(session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="x1")
    drop(session, granted_case, tmp_path, "pulje/dk-creditnote-domi.xml")
    money = case_money(session, granted_case)
    assert (money.paid, money.refunds_due) == (7_500_00, 375_00)
    record_refund(session, invoice, CASEWORKER, amount=375_00, received_on=TODAY)
    money = case_money(session, granted_case)
    assert (money.paid, money.refunds_due) == (7_125_00, 0)


def test_credit_note_for_an_invoice_not_on_the_case_is_refused(session, granted_case, tmp_path,
                                                                refused):
    refused(lambda: drop(session, granted_case, tmp_path, "pulje/dk-creditnote-domi.xml"),
            message="Kreditnotaen krediterer faktura nr. 2025-1187, men den er ikke registreret "
                    f"på sag {granted_case.reference}.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fixture, words", [
    ("hostile/billion-laughs.xml", "sikkerhed"),
    ("hostile/xxe-passwd.xml", "sikkerhed"),
    ("hostile/not-ubl.xml", "ikke en faktura"),
    ("hostile/truncated.xml", "ikke gyldig XML"),
    ("hostile/missing-payable.xml", "PayableAmount"),
    ("peppol/base-example.xml", "danske kroner"),
    ("peppol/Norwegian-example-1.xml", "danske kroner"),
])
def test_unusable_files_are_refused_and_nothing_is_stored(session, granted_case, tmp_path,
                                                          fixture, words):
    before = snapshot(session)
    with pytest.raises(InputError) as caught:
        drop(session, granted_case, tmp_path / "up", fixture)
    assert words.lower() in caught.value.message.lower()
    assert snapshot(session) == before
    assert not (tmp_path / "up").exists() or not any((tmp_path / "up").iterdir())


def test_invoice_on_a_case_not_granted_leaves_no_file(session, make_case, tmp_path):
    case = make_case("in_review")
    with pytest.raises(Exception, match="kun registreres på en bevilget sag"):
        drop(session, case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    assert list(tmp_path.iterdir()) == []
    assert session.exec(select(Invoice)).all() == []
