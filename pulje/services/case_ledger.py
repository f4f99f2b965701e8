"""Every case of a pool year as a small ledger of dated events, read from the audit trail.

A case's state on a day is the last transition the audit trail recorded on or before that day
(Copenhagen calendar days); its payments count from their payment date. The year figures, the
yearly report and the dashboard are all computed from these ledgers, so they agree for any date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from sqlmodel import Session, select

from pulje.models import Application, AuditEntry, Department, Invoice, Payment, Pool, Refund
from workflows import rules
from workflows.clock import COPENHAGEN
from workflows.rules import PURPOSE_SLOTS


def local_day(instant: datetime) -> date:
    """The Copenhagen calendar day of an aware instant."""
    return instant.astimezone(COPENHAGEN).date()


@dataclass(frozen=True)
class CaseLedger:
    """One case: what it asked for, what it was granted, and when each step happened."""

    id: int
    reference: str
    department: str  # "12 Solbakken"
    title: str
    requested: int
    granted: int | None
    participants: int
    purposes: tuple[str, ...]  # the slots ticked, of workflows.rules.PURPOSE_SLOTS
    received_on: date
    invoice_deadline: date
    transitions: tuple[tuple[date, str], ...]  # (day, state entered), in order
    payments: tuple[tuple[date, int], ...]  # (paid on, amount), in order
    rejection_reason: str | None

    def state_on(self, day: date) -> str | None:
        """The case's state at the end of ``day``; None if it had not been received yet."""
        if self.received_on > day:
            return None
        state = "submitted"
        for when, entered in self.transitions:
            if when > day:
                break
            state = entered
        return state

    def entered_on(self, state: str) -> date | None:
        """The first day the case entered ``state``, if it has."""
        return next((when for when, entered in self.transitions if entered == state), None)

    # Cached: the report asks each case these many times (a frozen dataclass allows it, since
    # cached_property writes the instance's __dict__ directly).
    @cached_property
    def approved_on(self) -> date | None:
        return self.entered_on("approved")

    @cached_property
    def decided_on(self) -> date | None:
        """The day of the decision: the grant or the rejection."""
        return self.approved_on or self.entered_on("rejected")

    def granted_on(self, day: date) -> int:
        """What the case had been granted by the end of ``day`` (0 before the grant)."""
        approved = self.approved_on
        if approved is None or approved > day:
            return 0
        return self.granted or 0

    def paid_by(self, day: date) -> int:
        """What had been paid to suppliers on the case by the end of ``day``."""
        return sum(amount for when, amount in self.payments if when <= day)

    @property
    def first_paid_on(self) -> date | None:
        return self.payments[0][0] if self.payments else None


def _transitions(session: Session, pool_id: int) -> dict[int, list[tuple[date, str]]]:
    # Only the case's own transitions: invoice steps carry the invoice's states.
    rows = session.exec(
        select(AuditEntry.application_id, AuditEntry.at, AuditEntry.to_state)
        .join(Application, Application.id == AuditEntry.application_id)
        .where(Application.pool_id == pool_id, AuditEntry.invoice_id.is_(None),
               AuditEntry.to_state.is_not(None))
        .order_by(AuditEntry.at, AuditEntry.id)).all()
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for application_id, at, state in rows:
        found[application_id].append((local_day(at), state))
    return found


def _payments(session: Session, pool_id: int) -> dict[int, list[tuple[date, int]]]:
    rows = session.exec(
        select(Invoice.application_id, Payment.paid_on, Payment.amount)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .order_by(Payment.paid_on, Payment.id)).all()
    # A refund after a credit note is money back on the day it came (pulje.models.Refund).
    refunds = session.exec(
        select(Invoice.application_id, Refund.received_on, -Refund.amount)
        .join(Invoice, Invoice.id == Refund.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .order_by(Refund.received_on, Refund.id)).all()
    found: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for application_id, paid_on, amount in sorted([*rows, *refunds], key=lambda r: r[1]):
        found[application_id].append((paid_on, int(amount)))
    return found


def pool_ledgers(session: Session, pool: Pool) -> list[CaseLedger]:
    """Every case of the pool year, by reference, with its dated transitions and payments."""
    transitions = _transitions(session, pool.id)
    payments = _payments(session, pool.id)
    # Plain columns, not ORM objects: a national pool year has tens of thousands of cases.
    rows = session.exec(
        select(Application.id, Application.reference, Application.title, Application.requested,
               Application.granted, Application.expected_participants,
               Application.across_departments, Application.short_notice,
               Application.small_group, Application.submitted_at, Application.period_end,
               Application.state, Application.decision_reason, Department.number,
               Department.name)
        .join(Department, Department.id == Application.department_id)
        .where(Application.pool_id == pool.id).order_by(Application.reference)).all()
    return [CaseLedger(
        id=case.id, reference=case.reference, department=f"{case.number} {case.name}",
        title=case.title, requested=int(case.requested),
        granted=None if case.granted is None else int(case.granted),
        participants=case.expected_participants,
        purposes=tuple(key for key in PURPOSE_SLOTS if getattr(case, key)),
        received_on=local_day(case.submitted_at),
        invoice_deadline=rules.invoice_deadline(case.period_end, pool.invoice_deadline_days),
        transitions=tuple(transitions.get(case.id, ())),
        payments=tuple(payments.get(case.id, ())),
        rejection_reason=case.decision_reason if case.state == "rejected" else None,
    ) for case in rows]
