"""A shadow ledger: random steps over two pool years, checked against a model kept by the test.

The machine keeps its own ledger of every case and invoice (granted, accepted, credited, paid,
refunded, released), predicts whether each step must succeed or be refused, and after every
step compares the ledger with sums read straight from the tables — not with the accounting
functions under test, which are compared with the ledger as well. Steps run on varied days
through the one clock; refused steps must leave the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import Session, func, select

from pulje import clock
from pulje.models import (
    Application,
    AuditEntry,
    Department,
    Invoice,
    Organisation,
    Payment,
    Pool,
    Refund,
)
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, refuse_invoice, register_invoice
from pulje.services.payments import record_payment, record_refund
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.conftest import snapshot
from tests.factories import CASEWORKER, invoice_input
from tests.helpers.hypothesis_profiles import examples
from workflows.errors import WorkflowError

YEARS = {2026: 50_000_00, 2027: 40_000_00}  # pool totals
CAP = 20_000_00
SUPPLIERS = (("Odder Festudlejning ApS", "41000007"), ("Egholm Lyd & Lys ApS", "35000003"))
RELEASED = ("withdrawn", "closed", "lapsed")


def first_day(year: int) -> date:
    return date(year, 3, 1)


@dataclass
class Bill:
    """The ledger's copy of one invoice or credit note."""

    case: int
    supplier: int
    number: str
    amount: int
    state: str
    credits: int | None = None
    accepted: int = 0
    credited: int = 0
    paid: int = 0
    refunded: int = 0
    keys: set[str] = field(default_factory=set)

    @property
    def cost(self) -> int:
        return self.amount - self.credited

    @property
    def share(self) -> int:
        """What the grant bears: written out here, not taken from the code under test."""
        if self.amount < 0 or self.state not in ("accepted", "paid"):
            return 0
        return max(0, min(self.accepted, self.cost))

    @property
    def refund_due(self) -> int:
        return max(0, self.paid - self.refunded - self.share) if self.paid else 0


@dataclass
class Case:
    """The ledger's copy of one case."""

    year: int
    requested: int
    period_start: date
    state: str = "submitted"
    granted: int = 0
    approved_on: date | None = None


class Ledger(RuleBasedStateMachine):
    """Two pool years of one organisation; every run in one transaction on ``engine`` (set by
    the test), rolled back at its end."""

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
        self.pools = {}
        for year, total in YEARS.items():
            pool = Pool(organisation_id=org.id, year=year, total=total, cap=CAP,
                        rule_version="Retningslinjer", rule_approved_on=date(2023, 5, 15),
                        opens_on=date(year, 1, 1), closes_on=date(year, 12, 31))
            self.session.add(pool)
            self.pools[year] = pool
        self.session.flush()
        self.org_id = org.id
        self.cases: dict[int, Case] = {}
        self.bills: dict[int, Bill] = {}

    def teardown(self):
        self.session.close()
        self.outer.rollback()
        self.connection.close()

    # --- the ledger's arithmetic -----------------------------------------------------------

    def paid(self, case_id: int) -> int:
        return sum(b.paid - b.refunded for b in self.bills.values() if b.case == case_id)

    def accepted_unpaid(self, case_id: int) -> int:
        return sum(b.share for b in self.bills.values()
                   if b.case == case_id and b.state == "accepted")

    def free(self, case_id: int) -> int:
        return self.cases[case_id].granted - self.paid(case_id) - self.accepted_unpaid(case_id)

    def pool_used(self, year: int) -> int:
        used = 0
        for case_id, case in self.cases.items():
            if case.year == year and case.granted:
                used += case.granted if case.state == "approved" else self.paid(case_id)
        return used

    def awaiting(self, case_id: int) -> bool:
        return any(b.case == case_id and b.amount > 0 and b.state in ("received", "accepted")
                   for b in self.bills.values())

    def taken(self, supplier: int, number: str, credit: bool) -> bool:
        return any(b.supplier == supplier and b.number == number and (b.amount < 0) == credit
                   and b.state != "refused" for b in self.bills.values())

    # --- running a step ------------------------------------------------------------------

    def attempt(self, label: str, expected: bool, step):
        """Run a step; it must succeed exactly when the ledger says so, and change nothing
        when refused."""
        before = snapshot(self.session)
        nested = self.session.begin_nested()
        try:
            result = step()
        except WorkflowError as exc:
            nested.rollback()
            self.session.expire_all()
            assert snapshot(self.session) == before
            assert not expected, f"{label} was refused: {exc.message}"
            event(f"refused: {label}")
            return None
        nested.commit()
        assert expected, f"{label} succeeded where the ledger expected a refusal"
        event(f"succeeded: {label}")
        return result

    def pick_case(self, data, *states):
        ids = sorted(self.cases)
        if not ids:
            return None
        if states and data.draw(st.integers(0, 9), label="any state") < 9:
            ids = [i for i in ids if self.cases[i].state in states]
        return data.draw(st.sampled_from(ids), label="case") if ids else None

    def pick_bill(self, data, *states, credit_notes=False):
        ids = sorted(i for i, b in self.bills.items() if (b.amount < 0) == credit_notes)
        if not ids:
            return None
        if states and data.draw(st.integers(0, 9), label="any state") < 9:
            ids = [i for i in ids if self.bills[i].state in states]
        return data.draw(st.sampled_from(ids), label="invoice") if ids else None

    def row(self, model, row_id):
        return self.session.get(model, row_id)

    # --- steps ---------------------------------------------------------------------------

    @initialize(requests=st.lists(st.integers(1, 25_000_00), min_size=2, max_size=4),
                percents=st.lists(st.integers(30, 100), min_size=4, max_size=4))
    def cases_granted(self, requests, percents):
        # Start with granted cases, in both years, so that runs reach the money soon.
        for index, requested in enumerate(requests):
            self.submit(2026 + index % 2, requested)
        for number, (case_id, percent) in enumerate(
                zip(list(self.cases), percents, strict=False), start=1):
            self.start_review_of(case_id)
            self.approve_case(case_id, percent, first_day(self.cases[case_id].year))
            if self.cases[case_id].state == "approved":
                # One invoice paid already, so credit notes can lead to refunds.
                self.register_bill(case_id, 50, number % 2, f"I{number}", 1)
                bill_id = max(self.bills)
                self.accept_bill(bill_id, None)
                self.pay_bill(bill_id, "a", 0)

    @rule(data=st.data(), percent=st.integers(1, 80), supplier=st.integers(0, 1),
          number=st.integers(1, 4), offset=st.integers(-3, 30))
    def register(self, data, percent, supplier, number, offset):
        case_id = self.pick_case(data, "approved")
        if case_id is not None:
            self.register_bill(case_id, percent, supplier, f"N{number}", offset)

    def register_bill(self, case_id, percent, supplier, number, offset):
        case = self.cases[case_id]
        amount = max(1, (case.granted or 10_000_00) * percent // 100)
        issued = (case.approved_on or first_day(case.year)) + timedelta(days=offset)
        name, cvr = SUPPLIERS[supplier]
        ok = case.state == "approved" and not self.taken(supplier, number, False)
        with clock.frozen(issued):
            invoice = self.attempt("register", ok, lambda: register_invoice(
                self.session, self.row(Application, case_id), CASEWORKER,
                invoice_input(amount, number=number, supplier_name=name, supplier_cvr=cvr,
                              issue_date=issued)))
        if invoice is not None:
            # R6: an invoice issued before the approval is kept, refused.
            state = "refused" if issued < case.approved_on else "received"
            assert invoice.state == state
            self.bills[invoice.id] = Bill(case_id, supplier, number, amount, state)

    @rule(data=st.data(), percent=st.integers(1, 120), other_supplier=st.booleans(),
          number=st.integers(1, 3))
    def credit_note(self, data, percent, other_supplier, number):
        target_id = self.pick_bill(data, "received", "accepted", "paid")
        if target_id is None:
            return
        target = self.bills[target_id]
        case = self.cases[target.case]
        supplier = 1 - target.supplier if other_supplier else target.supplier
        credit = max(1, target.amount * percent // 100)
        number = f"K{number}"
        ok = (case.state == "approved" and not self.taken(supplier, number, True)
              and target.state != "refused" and supplier == target.supplier
              and credit <= target.cost)
        name, cvr = SUPPLIERS[supplier]
        note = self.attempt("credit_note", ok, lambda: register_invoice(
            self.session, self.row(Application, target.case), CASEWORKER, invoice_input(
                -credit, number=number, supplier_name=name, supplier_cvr=cvr,
                issue_date=case.approved_on or first_day(case.year),
                credits_invoice_id=target_id)))
        if note is None:
            return
        assert (note.state, note.credits_invoice_id) == ("accepted", target_id)
        self.bills[note.id] = Bill(target.case, supplier, number, -credit, "accepted",
                                   credits=target_id)
        target.credited += credit
        if target.state in ("received", "accepted") and target.cost == 0:
            target.state = "refused"  # credited in full before it was paid: cancelled

    @rule(data=st.data(), whole=st.booleans(), part=st.integers(0, 130))
    def accept(self, data, whole, part):
        bill_id = self.pick_bill(data, "received")
        if bill_id is not None:
            self.accept_bill(bill_id, None if whole else part)

    def accept_bill(self, bill_id, part):
        bill = self.bills[bill_id]
        free = self.free(bill.case)
        partial = None if part is None else max(0, min(free, bill.cost) * part // 100)
        if partial is None:
            ok = bill.state == "received" and bill.cost <= free
        else:
            ok = bill.state == "received" and 0 < partial <= min(free, bill.cost)
        if self.attempt("accept" if partial is None else "accept part", ok, lambda: accept_invoice(
                self.session, self.row(Invoice, bill_id), CASEWORKER, partial=partial)):
            bill.state, bill.accepted = "accepted", bill.cost if partial is None else partial

    @rule(data=st.data(), now=st.integers(0, 3))
    def refuse(self, data, now):
        bill_id = self.pick_bill(data, "received") if now == 0 else None  # now and then
        if bill_id is not None and self.attempt(
                "refuse", self.bills[bill_id].state == "received",
                lambda: refuse_invoice(self.session, self.row(Invoice, bill_id), CASEWORKER,
                                       "Forkert.")):
            self.bills[bill_id].state = "refused"

    @rule(data=st.data(), key=st.sampled_from(["a", "b"]), offset=st.integers(0, 30))
    def pay(self, data, key, offset):
        bill_id = self.pick_bill(data, "accepted", "paid")
        if bill_id is not None:
            self.pay_bill(bill_id, key, offset)

    def pay_bill(self, bill_id, key, offset):
        bill = self.bills[bill_id]
        key = f"{bill_id}-{key}"
        repeated = key in bill.keys
        ok = bill.state == "accepted" or repeated
        day = self.cases[bill.case].period_start + timedelta(days=offset)
        with clock.frozen(day):
            result = self.attempt("pay", ok, lambda: record_payment(
                self.session, self.row(Invoice, bill_id), CASEWORKER, paid_on=day,
                idempotency_key=key))
        if result is None:
            return
        assert result.created is not repeated
        if result.created:
            assert result.payment.amount == bill.share > 0
            bill.keys.add(key)
            bill.paid += bill.share
            bill.state = "paid"

    @precondition(lambda self: any(b.refund_due for b in self.bills.values()))
    @rule(data=st.data(), percent=st.integers(1, 120))
    def refund(self, data, percent):
        ids = sorted(i for i, b in self.bills.items() if b.refund_due)
        bill_id = data.draw(st.sampled_from(ids), label="owed")
        bill = self.bills[bill_id]
        amount = max(1, bill.refund_due * percent // 100)
        if self.attempt("refund", amount <= bill.refund_due, lambda: record_refund(
                self.session, self.row(Invoice, bill_id), CASEWORKER, amount=amount,
                received_on=self.cases[bill.case].period_start)):
            bill.refunded += amount

    @rule(year=st.sampled_from(sorted(YEARS)), requested=st.integers(1, 25_000_00))
    def submit(self, year, requested):
        day = first_day(year)
        start = day + timedelta(days=60)
        data = ApplicationInput(
            department_number="1", applicant_name="Karen Jensen", title="Fest",
            purpose="Fest for alle.", expected_participants=10, period_start=start,
            period_end=start + timedelta(days=1), across_departments=True,
            budget=[BudgetLineInput(description="Telt", amount=requested)])
        # R2 at intake: more than the cap can never be granted, so it is not received.
        case = self.attempt("submit", requested <= CAP, lambda: submit_application(
            self.session, self.org_id, data, today=day))
        if case is not None:
            self.cases[case.id] = Case(year=year, requested=requested, period_start=start)

    def start_review_of(self, case_id):
        case = self.cases[case_id]
        ok = case.state == "submitted"
        if self.attempt("start_review", ok, lambda: decisions.start_review(
                self.session, self.row(Application, case_id), CASEWORKER)):
            case.state = "in_review"

    @rule(data=st.data())
    def start_review(self, data):
        case_id = self.pick_case(data, "submitted")
        if case_id is not None:
            self.start_review_of(case_id)

    @rule(data=st.data())
    def ask_and_answer(self, data):
        case_id = self.pick_case(data, "in_review", "awaiting_info")
        if case_id is None:
            return
        case = self.cases[case_id]
        application = self.row(Application, case_id)
        if case.state == "awaiting_info":
            if self.attempt("answer", True, lambda: decisions.answer(
                    self.session, application, Actor.resident(), "Svar.")):
                case.state = "in_review"
        elif self.attempt("request_info", case.state == "in_review", lambda: decisions.request_info(
                self.session, application, CASEWORKER, "Spørgsmål?")):
            case.state = "awaiting_info"

    @rule(data=st.data(), percent=st.integers(1, 130), late=st.booleans(),
          offset=st.integers(0, 20), explained=st.integers(0, 9))
    def approve(self, data, percent, late, offset, explained):
        case_id = self.pick_case(data, "in_review")
        if case_id is not None:
            day = first_day(self.cases[case_id].year) + timedelta(days=offset)
            # Now and then a partial grant without the reason the resident must read.
            reason = "Delvis bevilling." if explained else None
            self.approve_case(case_id, percent, self.cases[case_id].period_start if late else day,
                              reason)

    def approve_case(self, case_id, percent, day, reason="Delvis bevilling."):
        case = self.cases[case_id]
        amount = max(1, case.requested * percent // 100)
        room = YEARS[case.year] - self.pool_used(case.year)
        ok = (case.state == "in_review" and amount <= min(case.requested, CAP)
              and amount <= room and day < case.period_start
              and (amount >= case.requested or reason is not None))
        if self.attempt("approve", ok, lambda: decisions.approve(
                self.session, self.row(Application, case_id), CASEWORKER, amount, today=day,
                reason=reason)):
            case.state, case.granted, case.approved_on = "approved", amount, day

    @rule(data=st.data(), now=st.integers(0, 3))
    def reject(self, data, now):
        # A case awaiting an answer can be refused too: the answer may never come.
        case_id = self.pick_case(data, "in_review", "awaiting_info") if now == 0 else None
        if case_id is not None and self.attempt(
                "reject", self.cases[case_id].state in ("in_review", "awaiting_info"),
                lambda: decisions.reject(self.session, self.row(Application, case_id),
                                         CASEWORKER, "Nej.")):
            self.cases[case_id].state = "rejected"

    @rule(data=st.data(), how=st.sampled_from(["close", "withdraw", "lapse"]),
          now=st.integers(0, 2))
    def end(self, data, how, now):
        case_id = self.pick_case(data, "approved")
        if case_id is None or now:  # now and then: runs need open cases to reach the money
            return
        case = self.cases[case_id]
        application = self.row(Application, case_id)
        if how == "close":
            ok = case.state == "approved" and not self.awaiting(case_id)
            step = lambda: decisions.close(self.session, application, CASEWORKER)  # noqa: E731
        elif how == "withdraw":
            ok = (case.state in ("submitted", "in_review", "awaiting_info", "approved")
                  and not self.awaiting(case_id))
            step = lambda: decisions.withdraw(self.session, application,  # noqa: E731
                                              Actor.resident())
        else:
            ok = case.state == "approved" and not any(
                b.case == case_id and b.state != "refused" for b in self.bills.values())
            late = decisions.invoice_deadline(self.pools[case.year], application) + timedelta(1)
            step = lambda: decisions.lapse(self.session, application, CASEWORKER,  # noqa: E731
                                           today=late)
        if self.attempt(how, ok, step):
            case.state = {"close": "closed", "withdraw": "withdrawn", "lapse": "lapsed"}[how]

    # --- the ledger against the tables -------------------------------------------------

    def sql_paid(self) -> dict[int, int]:
        paid: dict[int, int] = {}
        for model, sign in ((Payment, 1), (Refund, -1)):
            for case_id, total in self.session.exec(
                    select(Invoice.application_id, func.sum(model.amount))
                    .join(Invoice, Invoice.id == model.invoice_id)
                    .group_by(Invoice.application_id)).all():
                paid[case_id] = paid.get(case_id, 0) + sign * int(total)
        return paid

    @invariant()
    def ledger_matches_the_tables(self):
        cases = {r.id: r for r in self.session.exec(select(Application)).all()}
        assert set(cases) == set(self.cases)
        paid = self.sql_paid()
        for case_id, case in self.cases.items():
            row = cases[case_id]
            assert (row.state, row.granted or 0) == (case.state, case.granted)
            assert paid.get(case_id, 0) == self.paid(case_id)
            assert 0 <= self.paid(case_id) <= case.granted <= min(case.requested, CAP)
        rows = self.session.exec(select(Invoice.id, Invoice.state, Invoice.amount,
                                        Invoice.accepted_amount, Invoice.credits_invoice_id)
                                 ).all()
        assert {r.id: (r.state, r.amount, r.credits_invoice_id) for r in rows} == {
            i: (b.state, b.amount, b.credits) for i, b in self.bills.items()}
        for r in rows:
            bill = self.bills[r.id]
            assert (r.accepted_amount or 0) == (bill.accepted if r.state in ("accepted", "paid")
                                                and r.amount > 0 else (r.accepted_amount or 0))

    @invariant()
    def pools_add_up(self):
        paid = self.sql_paid()
        for year, total in YEARS.items():
            granted = released = committed = paid_total = 0
            for case_id, case in self.cases.items():
                if case.year != year or not case.granted:
                    continue
                granted += case.granted
                paid_total += paid.get(case_id, 0)
                rest = case.granted - paid.get(case_id, 0)
                if case.state in RELEASED:
                    released += rest
                else:
                    committed += rest
            assert paid_total + released + committed == granted
            assert granted - released <= total
            figures = pool_figures(self.session, self.pools[year])
            assert (figures.granted, figures.paid, figures.released, figures.committed) == (
                granted, paid_total, released, committed)

    @invariant()
    def case_money_matches_the_ledger(self):
        for case_id in self.cases:
            money = case_money(self.session, self.row(Application, case_id))
            refunds_due = sum(b.refund_due for b in self.bills.values() if b.case == case_id)
            assert (money.paid, money.accepted_unpaid, money.free, money.refunds_due) == (
                self.paid(case_id), self.accepted_unpaid(case_id), self.free(case_id),
                refunds_due)

    @invariant()
    def every_ore_paid_is_traced(self):
        payments = self.session.exec(select(Payment.invoice_id, Payment.amount)).all()
        assert all(amount > 0 for _, amount in payments)
        entries = self.session.exec(select(AuditEntry.invoice_id, AuditEntry.action).where(
            AuditEntry.action.in_(("invoice_pay", "refund")))).all()
        refunds = self.session.exec(select(Refund.invoice_id)).all()
        assert sorted(i for i, a in entries if a == "invoice_pay") == sorted(
            i for i, _ in payments)
        assert sorted(i for i, a in entries if a == "refund") == sorted(refunds)
        reasons = self.session.exec(select(Invoice.refusal_reason)
                                    .where(Invoice.state == "refused")).all()
        assert all(reasons)


@pytest.mark.slow
def test_random_steps_keep_the_shadow_ledger(engine):
    machine = type("LedgerOn" + engine.dialect.name.title(), (Ledger,), {"engine": engine})
    # PostgreSQL's round trips make each step slower; fewer runs keep it within a minute or so.
    count = 40 if engine.dialect.name == "sqlite" else 15
    run_state_machine_as_test(machine, settings=settings(
        max_examples=examples(count), stateful_step_count=30, deadline=None))
