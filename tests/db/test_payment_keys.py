"""A payment's idempotency key belongs to its organisation: another may use the same key, and a
repeated key within one organisation is still recorded once (both engines)."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from pulje.models import Department, Organisation, Payment, Pool
from pulje.services import decisions
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.submission import submit_application
from tests.factories import CASEWORKER, TODAY, invoice_input


def other_organisation_case(session, application_input):
    """An approved case in a second organisation with its own pool and department."""
    other = Organisation(name="Boligselskabet Vest", legal_name="Boligselskabet Vest",
                         cvr="10000009", address="Vestergade 2, 7400 Herning")
    session.add(other)
    session.flush()
    session.add(Department(organisation_id=other.id, number="1", name="Vesterhaven"))
    # Its cap above the application's 15.000 kr.: the case must get through intake (R2).
    session.add(Pool(organisation_id=other.id, year=2026, total=50_000_00, cap=20_000_00,
                     rule_version="Vests retningslinjer", rule_approved_on=date(2024, 1, 1),
                     opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)))
    session.flush()
    case = submit_application(session, other.id, application_input(), today=TODAY)
    decisions.start_review(session, case, CASEWORKER)
    decisions.approve(session, case, CASEWORKER, 5_000_00, today=TODAY,
                      reason="Teltet lånes af afdelingen; resten bevilges.")
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(
        4_000_00, buyer_name="Boligselskabet Vest", buyer_cvr="10000009"))
    return other, accept_invoice(session, invoice, CASEWORKER)


def test_two_organisations_may_use_the_same_key(session, make_case, application_input):
    ours = make_case("approved", granted=10_000_00)
    our_invoice = accept_invoice(session, register_invoice(
        session, ours, CASEWORKER, invoice_input(4_000_00)), CASEWORKER)
    other, their_invoice = other_organisation_case(session, application_input)

    mine = record_payment(session, our_invoice, CASEWORKER, paid_on=TODAY,
                          idempotency_key="bank-2026-001")
    theirs = record_payment(session, their_invoice, CASEWORKER, paid_on=TODAY,
                            idempotency_key="bank-2026-001")

    assert mine.created and theirs.created
    assert theirs.payment.organisation_id == other.id != mine.payment.organisation_id
    keys = session.exec(select(Payment.organisation_id).where(
        Payment.idempotency_key == "bank-2026-001")).all()
    assert sorted(keys) == sorted([mine.payment.organisation_id, other.id])
    # Within one organisation the key still records the payment once.
    again = record_payment(session, their_invoice, CASEWORKER, paid_on=TODAY,
                           idempotency_key="bank-2026-001")
    assert not again.created and again.payment.id == theirs.payment.id
