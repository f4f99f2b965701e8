"""E-invoices dropped on a case: accepted or refused for the right reason, or not stored at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from pulje.models import Invoice
from pulje.services.einvoice_import import import_einvoice
from pulje.services.errors import InputError
from pulje.services.invoices import accept_invoice
from pulje.services.payments import record_payment
from tests.conftest import snapshot
from tests.factories import CASEWORKER, TODAY

DATA = Path(__file__).parent / "data"


@pytest.fixture
def granted_case(make_case):
    return make_case("approved", requested=20_000_00)


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
    ("pulje/dk-over-grant.xml", "R8", "overstiger det, der er tilbage af tilsagnet"),
])
def test_rule_breaking_invoice_is_kept_refused_with_its_reason(session, granted_case, tmp_path,
                                                               fixture, rule, words):
    invoice = drop(session, granted_case, tmp_path, fixture)
    assert invoice.state == "refused"
    # The reason is the resident's reading too: the rule's message, never its code.
    assert words in invoice.refusal_reason and not invoice.refusal_reason.startswith(rule)
    assert (tmp_path / invoice.file_path).exists()


def test_credit_note_reduces_what_is_paid(session, granted_case, tmp_path):
    invoice = drop(session, granted_case, tmp_path, "peppol/dk-domi-festudlejning.xml")
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="x1")
    credit = drop(session, granted_case, tmp_path, "pulje/dk-creditnote-domi.xml")
    assert credit.amount == -375_00 and credit.is_credit_note
    accept_invoice(session, credit, CASEWORKER)
    record_payment(session, credit, CASEWORKER, paid_on=TODAY, idempotency_key="x2")
    from pulje.services.accounting import case_money
    assert case_money(session, granted_case).paid == 7_125_00


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
