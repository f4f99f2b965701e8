"""Each trigger's guards read one typed step: the step names its trigger, the flow takes only
that step for it, and the service (not the audit trail) moves the state."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from pulje.services import decisions
from tests.factories import CASEWORKER, TODAY
from workflows.application import ApplicationFlow, Approve, Close, Reject, StartReview
from workflows.errors import RuleViolation
from workflows.invoice import InvoiceFlow, PayInvoice
from workflows.machine import Transition


@pytest.mark.parametrize("flow", [ApplicationFlow, InvoiceFlow], ids=lambda f: f.__name__)
def test_every_trigger_has_exactly_one_step(flow):
    assert sorted(kind.trigger for kind in flow.STEPS) == sorted(flow.triggers())
    for kind in flow.STEPS:
        assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen


def test_a_misspelt_field_fails_when_the_step_is_built():
    with pytest.raises(TypeError, match="amout"):
        Approve(amout=1, cap=1, today=TODAY, available=1, pool_year=2026)  # type: ignore[call-arg]


def test_a_step_is_taken_with_its_own_context_only(session, make_case):
    case = make_case("in_review")
    with pytest.raises(TypeError, match="approve takes Approve"):
        ApplicationFlow(case).fire(_Impostor(reason="x"))
    with pytest.raises(TypeError):  # the trigger needs context: a name alone will not do
        ApplicationFlow(case).fire("approve")
    assert case.state == "in_review"


def test_fire_returns_the_transition_and_moves_the_row(session, make_case):
    case = make_case()
    assert ApplicationFlow(case).fire(StartReview()) == Transition(
        "start_review", "submitted", "in_review")
    assert case.state == "in_review"


def test_a_guard_reads_the_step(session, make_case):
    case = make_case("in_review")
    with pytest.raises(RuleViolation, match="begrundelse for afslaget"):
        ApplicationFlow(case).fire(Reject(reason="  "))
    with pytest.raises(RuleViolation, match="R8"):
        ApplicationFlow(make_case("approved")).fire(Close(invoices_awaiting=1))
    assert case.state == "in_review"


def test_the_service_moves_the_state_and_the_trail_records_it(session, make_case):
    case = make_case("in_review")
    decisions.reject(session, case, CASEWORKER, "Uden for formålet.")
    assert case.state == "rejected"
    assert (case.decision_reason, case.decided_at is not None) == ("Uden for formålet.", True)


def test_an_invoice_payment_reads_its_own_figures():
    row = _Row("accepted")
    with pytest.raises(RuleViolation, match="R8"):
        InvoiceFlow(row).fire(PayInvoice(amount=5_000_00, granted=4_000_00, paid=0))
    assert row.state == "accepted"
    assert InvoiceFlow(row).fire(PayInvoice(amount=4_000_00, granted=4_000_00, paid=0)).dest \
        == "paid"


@dataclasses.dataclass(frozen=True)
class _Impostor(Reject):
    """A step claiming the trigger approve, but carrying a rejection's context."""

    trigger = "approve"  # type: ignore[misc]


@dataclasses.dataclass
class _Row:
    state: str
    period_start: date = TODAY
