"""A payment whose key another transaction committed first — found only when our own insert
hits the unique index — is "already recorded", not an error, and leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from pulje.models import AuditEntry, Invoice, Payment
from pulje.services import payments
from pulje.services.errors import InputError
from pulje.services.invoices import accept_invoice, register_invoice
from tests.factories import CASEWORKER, TODAY, invoice_input


@pytest.fixture
def accepted_invoice(session, make_case):
    case = make_case("approved", granted=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(4_000_00))
    return accept_invoice(session, invoice, CASEWORKER)


def committed_elsewhere(session, monkeypatch, invoice_id: int, key: str) -> None:
    """The racing transaction's payment: present, but not seen by our first look-up."""
    organisation_id = payments.organisation_of(session, session.get(Invoice, invoice_id))
    session.add(Payment(organisation_id=organisation_id, invoice_id=invoice_id,
                        amount=4_000_00, paid_on=TODAY, reference="",
                        idempotency_key=key, recorded_by="sagsbehandler Anden"))
    session.flush()
    real = payments._by_key
    looks = []

    def late_look(session, organisation_id, key):
        looks.append(key)
        return None if len(looks) == 1 else real(session, organisation_id, key)

    monkeypatch.setattr(payments, "_by_key", late_look)


def counts(session) -> tuple[int, int]:
    return (session.exec(select(func.count()).select_from(Payment)).one(),
            session.exec(select(func.count()).select_from(AuditEntry)).one())


def test_the_same_invoice_is_already_recorded(session, monkeypatch, accepted_invoice):
    committed_elsewhere(session, monkeypatch, accepted_invoice.id, "bank-1")
    before = counts(session)

    result = payments.record_payment(session, accepted_invoice, CASEWORKER, paid_on=TODAY,
                                     idempotency_key="bank-1")

    assert not result.created
    assert result.message == ("Betalingen på 4.000,00\xa0kr. var allerede registreret; den er "
                              "ikke registreret igen.")
    assert counts(session) == before  # our audit entry went with the savepoint
    assert accepted_invoice.state == "accepted"


def test_a_key_taken_by_another_invoice_is_refused(session, monkeypatch, make_case,
                                                   accepted_invoice):
    other = make_case("approved", granted=10_000_00, applicant_name="Ole Sørensen")
    other_invoice = accept_invoice(session, register_invoice(
        session, other, CASEWORKER, invoice_input(4_000_00, number="X-1")), CASEWORKER)
    committed_elsewhere(session, monkeypatch, other_invoice.id, "bank-2")
    before = counts(session)

    with pytest.raises(InputError, match="Nøglen er allerede brugt til en anden betaling."):
        payments.record_payment(session, accepted_invoice, CASEWORKER, paid_on=TODAY,
                                idempotency_key="bank-2")
    assert counts(session) == before
