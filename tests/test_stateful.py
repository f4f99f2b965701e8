"""Random sequences of every step over a small pool never break the money's invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import Session, func, select

from pulje.models import Application, AuditEntry, Department, Invoice, Organisation, Pool
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.conftest import snapshot
from tests.factories import CASEWORKER, TODAY, invoice_input
from tests.helpers.hypothesis_profiles import examples
from workflows.errors import WorkflowError

percents = st.integers(min_value=1, max_value=130)


class PoolMachine(RuleBasedStateMachine):
    """A pool of 50.000 kr. with a cap of 20.000 kr., driven by random steps; every run in
    one transaction on ``engine`` (set by the test), rolled back at its end."""

    engine = None

    def __init__(self):
        super().__init__()
        self.connection = self.engine.connect()
        self.outer = self.connection.begin()
        self.session = Session(bind=self.connection, join_transaction_mode="create_savepoint")
        org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005")
        self.session.add(org)
        self.session.flush()
        self.session.add(Department(organisation_id=org.id, number="1", name="Søvangen"))
        self.pool = Pool(organisation_id=org.id, year=2026, total=50_000_00, cap=20_000_00,
                         rule_version="Retningslinjer", rule_approved_on=date(2023, 5, 15),
                         opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))
        self.session.add(self.pool)
        self.session.flush()
        self.org_id = org.id
        self.expected_entries = 0

    def teardown(self):
        self.session.close()
        self.outer.rollback()
        self.connection.close()

    def attempt(self, label: str, step, entries: int = 1):
        """Run a step; count its audit entries if it succeeds, check nothing changed if not."""
        before = snapshot(self.session)
        nested = self.session.begin_nested()
        try:
            result = step()
        except WorkflowError:
            nested.rollback()
            self.session.expire_all()
            assert snapshot(self.session) == before
            return None
        nested.commit()
        event(f"succeeded: {label}")
        self.expected_entries += entries
        return result

    def pick(self, data, model, *states):
        """A random case or invoice, mostly one in a state where the step can succeed."""
        query = select(model)
        if states and data.draw(st.integers(0, 9), label="illegal") > 0:
            query = query.where(model.state.in_(states))
        rows = self.session.exec(query.order_by(model.id)).all()
        return data.draw(st.sampled_from(rows), label=model.__name__) if rows else None

    @initialize(requests=st.lists(st.integers(min_value=1, max_value=25_000_00), min_size=3,
                                  max_size=6))
    def cases_in_review(self, requests):
        # Start every run with cases on the caseworker's desk so runs reach decisions and money.
        for requested in requests:
            self.submit(requested)
        for case in self.session.exec(select(Application)).all():
            self.attempt("start_review",
                         lambda case=case: decisions.start_review(self.session, case, CASEWORKER))

    @rule(requested=st.integers(min_value=1, max_value=25_000_00))
    def submit(self, requested):
        data = ApplicationInput(
            department_number="1", applicant_name="Karen Jensen", title="Fest",
            purpose="Fest for alle.", expected_participants=10,
            period_start=TODAY + timedelta(days=30), period_end=TODAY + timedelta(days=31),
            across_departments=True,
            budget=[BudgetLineInput(description="Telt", amount=requested)])
        self.attempt("submit", lambda: submit_application(self.session, self.org_id, data,
                                                          today=TODAY))

    @rule(data=st.data())
    def start_review(self, data):
        case = self.pick(data, Application, "submitted")
        if case is not None:
            self.attempt("start_review",
                         lambda: decisions.start_review(self.session, case, CASEWORKER))

    @rule(data=st.data(), percent=percents)
    def approve(self, data, percent):
        # Mostly within what was applied for, sometimes over it, to reach R1 and R2 both ways.
        case = self.pick(data, Application, "in_review")
        if case is not None:
            amount = max(1, case.requested * percent // 100)
            self.attempt("approve", lambda: decisions.approve(
                self.session, case, CASEWORKER, amount, today=TODAY, reason="Delvis bevilling."))

    @rule(data=st.data())
    def reject(self, data):
        case = self.pick(data, Application, "in_review")
        if case is not None:
            self.attempt("reject",
                         lambda: decisions.reject(self.session, case, CASEWORKER, "Nej."))

    @rule(data=st.data())
    def withdraw(self, data):
        case = self.pick(data, Application, "submitted", "in_review", "approved")
        if case is not None:
            self.attempt("withdraw",
                         lambda: decisions.withdraw(self.session, case, Actor.resident()))

    @rule(data=st.data())
    def close(self, data):
        case = self.pick(data, Application, "approved")
        if case is not None:
            self.attempt("close", lambda: decisions.close(self.session, case, CASEWORKER))

    @rule(data=st.data())
    def lapse(self, data):
        case = self.pick(data, Application, "approved")
        if case is not None:
            late = decisions.invoice_deadline(self.pool, case) + timedelta(days=1)
            self.attempt("lapse",
                         lambda: decisions.lapse(self.session, case, CASEWORKER, today=late))

    @rule(data=st.data(), percent=percents, n=st.integers(0, 10**6))
    def register(self, data, percent, n):
        case = self.pick(data, Application, "approved")
        if case is None:
            return
        amount = max(1, (case.granted or 10_000_00) * percent // 100)

        def step():
            return register_invoice(self.session, case, CASEWORKER,
                                    invoice_input(amount, number=f"N{n}"))
        invoice = self.attempt("register", step)
        if invoice is not None and invoice.state == "refused":
            self.expected_entries += 1  # the automatic refusal is a transition of its own

    @rule(data=st.data())
    def accept(self, data):
        invoice = self.pick(data, Invoice, "received")
        if invoice is not None:
            self.attempt("accept", lambda: accept_invoice(self.session, invoice, CASEWORKER))

    @rule(data=st.data(), key=st.sampled_from(["a", "b"]))
    def pay(self, data, key):
        invoice = self.pick(data, Invoice, "accepted", "paid")
        if invoice is None:
            return
        result = self.attempt("pay", lambda: record_payment(
            self.session, invoice, CASEWORKER, paid_on=TODAY,
            idempotency_key=f"{invoice.id}-{key}"))
        if result is not None and not result.created:
            self.expected_entries -= 1  # a repeated payment records nothing

    @invariant()
    def money_stays_within_bounds(self):
        for case in self.session.exec(select(Application)).all():
            money = case_money(self.session, case)
            cap = min(case.requested, self.pool.cap)
            assert 0 <= money.paid <= (case.granted or 0) <= cap
        figures = pool_figures(self.session, self.pool)
        assert 0 <= figures.used <= figures.total
        assert figures.granted == figures.used + figures.released

    @invariant()
    def one_audit_entry_per_transition(self):
        count = self.session.exec(select(func.count()).select_from(AuditEntry)).one()
        assert count == self.expected_entries

    @invariant()
    def refused_invoices_say_why(self):
        reasons = self.session.exec(select(Invoice.refusal_reason)
                                    .where(Invoice.state == "refused")).all()
        assert all(reasons)


@pytest.mark.slow
def test_random_steps_keep_the_money_within_bounds(engine):
    machine = type("PoolMachineOn" + engine.dialect.name.title(), (PoolMachine,),
                   {"engine": engine})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=examples(40), stateful_step_count=40, deadline=None))
