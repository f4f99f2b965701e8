"""Every payment traces back to a grant decision and an invoice acceptance, each by a person."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from pulje.demo import load_demo
from pulje.models import Invoice, Payment
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.privacy import anonymise_applicant
from pulje.services.trace import UntraceablePayment, trace_payment, untraceable_payments
from tests.factories import CASEWORKER, TODAY, invoice_input


def payment_of(session, application) -> Payment:
    return session.exec(select(Payment).join(Invoice, Invoice.id == Payment.invoice_id)
                        .where(Invoice.application_id == application.id)).one()


def test_a_payment_traces_to_its_decision_acceptance_and_payment(session, make_case):
    application = make_case("approved", granted=12_000_00)
    invoice = register_invoice(session, application, CASEWORKER, invoice_input(9_000_00))
    accept_invoice(session, invoice, Actor("admin", "Aisha Karimi"))
    record_payment(session, invoice, Actor("caseworker", "Jonas Berg"), paid_on=TODAY,
                   idempotency_key="trace-1", reference="Bank 17")
    decision, acceptance, paid = trace_payment(session, payment_of(session, application))
    assert (decision.action, decision.to_state, decision.application_id) == (
        "approve", "approved", application.id)
    assert (acceptance.action, acceptance.invoice_id) == ("invoice_accept", invoice.id)
    assert (paid.action, paid.invoice_id) == ("invoice_pay", invoice.id)
    assert [(e.actor_role, e.actor_name) for e in (decision, acceptance, paid)] == [
        ("caseworker", "Mette Hansen"), ("admin", "Aisha Karimi"), ("caseworker", "Jonas Berg")]
    assert "Bevilget 12.000,00" in decision.note


def test_an_acceptance_by_no_named_person_is_untraceable(session, make_case):
    application = make_case("approved")
    invoice = register_invoice(session, application, CASEWORKER, invoice_input(5_000_00))
    accept_invoice(session, invoice, Actor.system())
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="trace-2")
    with pytest.raises(UntraceablePayment, match="godkendelsen af faktura .* er ikke foretaget"):
        trace_payment(session, payment_of(session, application))


def test_a_payment_written_past_the_services_is_untraceable(session, make_case, organisation):
    application = make_case("approved")
    invoice = register_invoice(session, application, CASEWORKER, invoice_input(5_000_00))
    accept_invoice(session, invoice, CASEWORKER)
    session.add(Payment(organisation_id=organisation.id, invoice_id=invoice.id,
                        amount=invoice.amount, paid_on=TODAY,
                        idempotency_key="trace-3", recorded_by=CASEWORKER.label))
    session.flush()
    with pytest.raises(UntraceablePayment, match="betalingen af faktura .* mangler"):
        trace_payment(session, payment_of(session, application))
    assert [str(problem) for problem in untraceable_payments(session, organisation.id)] == [
        f"Betaling {payment_of(session, application).id} kan ikke spores: revisionssporets "
        f"post for betalingen af faktura {invoice.id} mangler."]


def test_every_demo_payment_is_traceable(session):
    organisation = load_demo(session, today=date(2026, 11, 29))
    payments = session.exec(select(Payment)).all()
    assert len(payments) >= 8
    assert untraceable_payments(session, organisation.id) == []


def test_anonymising_the_applicant_keeps_the_trace(session, make_case, organisation):
    application = make_case("closed", granted=10_000_00, paid=10_000_00)
    before = trace_payment(session, payment_of(session, application))
    people = [(e.actor_role, e.actor_name, e.note) for e in before]
    anonymise_applicant(session, organisation.id, application.reference, CASEWORKER)
    session.expire_all()
    after = trace_payment(session, payment_of(session, application))
    assert [(e.actor_role, e.actor_name, e.note) for e in after] == people
