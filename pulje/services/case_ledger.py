"""Every case of a pool year as a small ledger of dated events, read from the audit trail.

A case's state on a day is the last transition the audit trail recorded on or before that day
(Copenhagen calendar days); its payments count from their payment date. The year figures, the
yearly report and the dashboard are all computed from these ledgers, so they agree for any date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from pulje.models import Application, AuditEntry, Department, Invoice, Payment, Pool, Refund
from pulje.models.ids import id_of
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
    payments: tuple[tuple[date, int], ...]  # (paid on, amount), in date order
    rejection_reason: str | None
    department_id: int
    period_end: date
    # The first day the case entered "approved", and the day of its decision (the grant or
    # the rejection), from ``transitions``: worked out once by ``pool_ledgers``, since the
    # report asks every case for them many times.
    approved_on: date | None
    decided_on: date | None

    def state_on(self, day: date) -> str | None:
        """The case's state at the end of ``day``; None if it had not been received yet."""
        if self.received_on > day:
            return None
        return self._state_after_received(day)

    def _state_after_received(self, day: date) -> str:
        state = "submitted"
        for when, entered in self.transitions:
            if when > day:
                break
            state = entered
        return state

    def entered_on(self, state: str) -> date | None:
        """The first day the case entered ``state``, if it has."""
        return _first_day(self.transitions, state)

    def granted_on(self, day: date) -> int:
        """What the case had been granted by the end of ``day`` (0 before the grant)."""
        approved = self.approved_on
        if approved is None or approved > day:
            return 0
        return self.granted or 0

    def paid_by(self, day: date) -> int:
        """What had been paid to suppliers on the case by the end of ``day``."""
        paid = 0
        for when, amount in self.payments:  # in date order
            if when > day:
                break
            paid += amount
        return paid

    def on(self, day: date) -> CaseDay | None:
        """The case as it stood at the end of ``day`` — (case, state, granted, paid) — or None
        if it had not been received yet: ``state_on``, ``granted_on`` and ``paid_by`` at once."""
        if self.received_on > day:
            return None
        return (self, self._state_after_received(day), self.granted_on(day), self.paid_by(day))

    @property
    def first_paid_on(self) -> date | None:
        return self.payments[0][0] if self.payments else None


# A case as it stood at the end of one day: (case, state, granted, paid), from CaseLedger.on.
# The yearly report works these out once per day and every table sums them.
CaseDay = tuple[CaseLedger, str, int, int]


def ledgers_on(ledgers: Sequence[CaseLedger], day: date) -> list[CaseDay]:
    """The cases received by the end of ``day``, each as it stood then, in the ledgers' order."""
    return [on for case in ledgers if (on := case.on(day)) is not None]


def _transitions(session: Session, pool_id: int) -> dict[int, list[tuple[date, str]]]:
    # Only the case's own transitions: invoice steps carry the invoice's states.
    rows = session.exec(
        select(AuditEntry.application_id, AuditEntry.at, AuditEntry.to_state)
        .join(Application, col(Application.id) == AuditEntry.application_id)
        .where(Application.pool_id == pool_id, col(AuditEntry.invoice_id).is_(None),
               col(AuditEntry.to_state).is_not(None))
        .order_by(col(AuditEntry.at), col(AuditEntry.id))).all()
    found: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for application_id, at, state in rows:
        # The query keeps case entries with a new state only: neither is ever None here.
        if application_id is not None and state is not None:
            # local_day, written out: a national year has tens of thousands of entries.
            found[application_id].append((at.astimezone(COPENHAGEN).date(), state))
    return found


def _payments(session: Session, pool_id: int) -> dict[int, list[tuple[date, int]]]:
    rows = session.exec(
        select(col(Invoice.application_id), col(Payment.paid_on), col(Payment.amount))
        .join(Invoice, col(Invoice.id) == Payment.invoice_id)
        .join(Application, col(Application.id) == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .order_by(col(Payment.paid_on), col(Payment.id))).all()
    # A refund after a credit note is money back on the day it came (pulje.models.Refund).
    refunds = session.exec(
        select(col(Invoice.application_id), col(Refund.received_on), -col(Refund.amount))
        .join(Invoice, col(Invoice.id) == Refund.invoice_id)
        .join(Application, col(Application.id) == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .order_by(col(Refund.received_on), col(Refund.id))).all()
    found: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for application_id, paid_on, amount in sorted([*rows, *refunds], key=lambda r: r[1]):
        found[application_id].append((paid_on, int(amount)))
    return found


def _first_day(transitions: Sequence[tuple[date, str]], state: str) -> date | None:
    return next((when for when, entered in transitions if entered == state), None)


def pool_ledgers(session: Session, pool: Pool) -> list[CaseLedger]:
    """Every case of the pool year, by reference, with its dated transitions and payments."""
    transitions = _transitions(session, id_of(pool))
    payments = _payments(session, id_of(pool))
    # Plain columns, not ORM objects: a national pool year has tens of thousands of cases.
    rows: Sequence[Any] = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel: at most 4 columns
               Application.id, Application.reference, Application.title, Application.requested,
               Application.granted, Application.expected_participants,
               *(getattr(Application, key) for key in PURPOSE_SLOTS),
               Application.submitted_at, Application.period_end,
               Application.state, Application.decision_reason, Application.department_id,
               Department.number, Department.name)
        .join(Department, Department.id == Application.department_id)
        .where(Application.pool_id == pool.id).order_by(Application.reference)).all()
    # Each department's label once, not once per case.
    labels: dict[int, str] = {}
    deadline_days = pool.invoice_deadline_days
    ledgers = []
    for (case_id, reference, title, requested, granted, participants, *ticks, submitted_at,
         period_end, state, reason, department_id, number, name) in rows:
        steps = tuple(transitions.get(case_id, ()))
        approved_on = _first_day(steps, "approved")
        label = labels.get(department_id)
        if label is None:
            label = labels[department_id] = f"{number} {name}"
        ledgers.append(CaseLedger(
            id=case_id, reference=reference, department=label, title=title,
            requested=int(requested), granted=None if granted is None else int(granted),
            participants=participants,
            purposes=tuple(key for key, ticked in zip(PURPOSE_SLOTS, ticks, strict=True)
                           if ticked),
            received_on=submitted_at.astimezone(COPENHAGEN).date(),  # local_day
            invoice_deadline=rules.invoice_deadline(period_end, deadline_days),
            transitions=steps, payments=tuple(payments.get(case_id, ())),
            rejection_reason=reason if state == "rejected" else None,
            department_id=department_id, period_end=period_end, approved_on=approved_on,
            decided_on=approved_on or _first_day(steps, "rejected")))
    return ledgers
