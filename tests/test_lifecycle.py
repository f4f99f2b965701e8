"""The whole lifecycle through the services: the happy path and every branch."""

from datetime import timedelta

import pytest
from sqlmodel import select

from pulje.models import AuditEntry, Message, Payment
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, refuse_invoice, register_invoice
from pulje.services.payments import record_payment
from tests.factories import CASEWORKER, TODAY, invoice_input
from workflows.application import TRANSITIONS, ApplicationFlow
from workflows.errors import IllegalTransition, UnknownTrigger


def trail(session, case):
    entries = session.exec(select(AuditEntry).where(AuditEntry.application_id == case.id)
                           .order_by(AuditEntry.id)).all()
    return [(e.action, e.from_state, e.to_state) for e in entries]


def test_from_submission_to_payment_and_closing(session, make_case, pool):
    case = make_case("submitted", requested=12_000_00)
    assert case.reference == "2026-0001" and len(case.public_token) >= 43
    decisions.start_review(session, case, CASEWORKER)
    decisions.request_info(session, case, CASEWORKER, "Hvem står for indkøbet?")
    decisions.answer(session, case, Actor.resident("Karen Jensen"), "Det gør festudvalget.")
    decisions.approve(session, case, CASEWORKER, 10_000_00, today=TODAY,
                      reason="Musikken dækkes ikke.")
    assert pool_figures(session, pool).available == 90_000_00

    invoice = register_invoice(session, case, CASEWORKER, invoice_input(7_500_00))
    accept_invoice(session, invoice, CASEWORKER)
    result = record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="k1",
                            reference="Bank 123")
    assert result.created and invoice.state == "paid"
    figures = pool_figures(session, pool)
    assert (figures.paid, figures.committed, figures.available) == (7_500_00, 2_500_00, 90_000_00)

    decisions.close(session, case, CASEWORKER)
    figures = pool_figures(session, pool)
    assert (figures.granted, figures.paid, figures.released, figures.available) == (
        10_000_00, 7_500_00, 2_500_00, 92_500_00)
    assert trail(session, case) == [
        ("submit", None, "submitted"), ("start_review", "submitted", "in_review"),
        ("request_info", "in_review", "awaiting_info"), ("answer", "awaiting_info", "in_review"),
        ("approve", "in_review", "approved"), ("register_invoice", None, "received"),
        ("invoice_accept", "received", "accepted"), ("invoice_pay", "accepted", "paid"),
        ("close", "approved", "closed")]
    messages = session.exec(select(Message.body).where(Message.application_id == case.id)).all()
    assert messages == ["Hvem står for indkøbet?", "Det gør festudvalget."]


def test_closing_notes_what_was_released(session, make_case):
    case = make_case("closed", requested=10_000_00, paid=4_000_00)
    last = session.exec(select(AuditEntry).where(AuditEntry.application_id == case.id)
                        .order_by(AuditEntry.id.desc())).first()
    assert last.note == "Frigivet 6.000,00\xa0kr. til puljen"


def test_rejection_is_final_with_its_reason(session, make_case):
    case = make_case("rejected")
    assert case.decision_reason == "Uden for formålet."
    assert ApplicationFlow(case).allowed() == []


@pytest.mark.parametrize("state", ["submitted", "in_review", "awaiting_info", "approved"])
def test_withdrawal_from_every_open_state_releases_the_grant(session, make_case, pool, state):
    case = make_case(state, requested=8_000_00)
    decisions.withdraw(session, case, Actor.resident("Karen Jensen"), "Vi aflyser.")
    assert case.state == "withdrawn"
    figures = pool_figures(session, pool)
    assert figures.available == 100_000_00
    assert figures.released == (8_000_00 if state == "approved" else 0)


def test_lapse_only_after_the_invoice_deadline(session, make_case, pool, refused):
    case = make_case("approved", requested=5_000_00)
    deadline = decisions.invoice_deadline(pool, case)
    refused(lambda: decisions.lapse(session, case, CASEWORKER, today=deadline), rule="R6",
            message=f"Fristen for fakturaer er {deadline:%d.%m.%Y}")
    assert decisions.lapse_overdue(session, pool.organisation_id, CASEWORKER,
                                   today=deadline) == []
    lapsed = decisions.lapse_overdue(session, pool.organisation_id, CASEWORKER,
                                     today=deadline + timedelta(days=1))
    assert [c.reference for c in lapsed] == [case.reference] and case.state == "lapsed"
    assert pool_figures(session, pool).released == 5_000_00


def test_a_case_with_invoices_cannot_lapse(session, make_case, pool, refused):
    case = make_case("approved", requested=5_000_00, paid=1_000_00)
    late = decisions.invoice_deadline(pool, case) + timedelta(days=30)
    refused(lambda: decisions.lapse(session, case, CASEWORKER, today=late), rule="R8",
            message="kan ikke bortfalde")


def test_refused_invoice_keeps_its_reason_and_the_grant_is_untouched(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(3_000_00))
    refuse_invoice(session, invoice, CASEWORKER, "Fakturaen er ikke specificeret.")
    assert invoice.state == "refused"
    assert invoice.refusal_reason == "Fakturaen er ikke specificeret."
    assert case_money(session, case).invoiced == 0


def test_the_same_payment_twice_is_recorded_once(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(3_000_00))
    accept_invoice(session, invoice, CASEWORKER)
    first = record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="dbl")
    again = record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="dbl")
    assert first.created and not again.created
    assert "allerede registreret" in again.message
    assert len(session.exec(select(Payment)).all()) == 1


def test_invoices_only_on_granted_cases(session, make_case, refused):
    case = make_case("in_review")
    refused(lambda: register_invoice(session, case, CASEWORKER, invoice_input(1_000_00)),
            message="kun registreres på en bevilget sag")


def test_duplicate_invoice_number_from_the_same_supplier_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    register_invoice(session, case, CASEWORKER, invoice_input(1_000_00, number="77"))
    refused(lambda: register_invoice(session, case, CASEWORKER,
                                     invoice_input(1_000_00, number="77")),
            message="allerede registreret")


@pytest.mark.parametrize("state, trigger", [
    ("submitted", "approve"), ("closed", "close"), ("rejected", "approve"),
    ("approved", "reject"), ("awaiting_info", "approve"),
])
def test_illegal_steps_raise_in_danish(session, make_case, state, trigger):
    case = make_case(state)
    with pytest.raises(IllegalTransition, match="er ikke mulig, når sagen er"):
        ApplicationFlow(case).fire(trigger)


def test_unknown_step_is_an_error_not_a_no_op(session, make_case):
    case = make_case()
    with pytest.raises(UnknownTrigger, match="findes ikke"):
        ApplicationFlow(case).fire("approve_everything")
    assert case.state == "submitted"


def test_the_table_is_the_lifecycle_of_design_md():
    edges = {(src, t["trigger"], t["dest"]) for t in TRANSITIONS
             for src in (t["source"] if isinstance(t["source"], list) else [t["source"]])}
    assert edges == {
        ("submitted", "start_review", "in_review"), ("in_review", "request_info", "awaiting_info"),
        ("awaiting_info", "answer", "in_review"), ("in_review", "approve", "approved"),
        ("in_review", "reject", "rejected"), ("awaiting_info", "reject", "rejected"),
        ("submitted", "withdraw", "withdrawn"),
        ("in_review", "withdraw", "withdrawn"), ("awaiting_info", "withdraw", "withdrawn"),
        ("approved", "withdraw", "withdrawn"), ("approved", "close", "closed"),
        ("approved", "lapse", "lapsed")}
