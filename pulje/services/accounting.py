"""Pool and case accounting, computed from grants and payments (docs/ARCHITECTURE.md, Money
and time)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Subquery, func
from sqlmodel import Session, select

from pulje.models import Application, Invoice, Payment, Pool
from workflows.application import RELEASED_STATES
from workflows.invoice import AWAITING_STATES, COUNTING_STATES


@dataclass(frozen=True)
class PoolFigures:
    """A pool year's money: used = paid + committed; granted = used + released."""

    year: int
    total: int
    cap: int
    granted: int
    paid: int
    committed: int
    released: int

    @property
    def used(self) -> int:
        return self.paid + self.committed

    @property
    def available(self) -> int:
        return self.total - self.used


@dataclass(frozen=True)
class CaseMoney:
    """One case's money: what was granted, invoiced (accepted or paid) and paid."""

    granted: int
    invoiced: int
    paid: int
    invoices_awaiting: int
    invoices_counted: int

    @property
    def remaining(self) -> int:
        return self.granted - self.paid


def paid_per_case(pool_id: int) -> Subquery:
    """A subquery of (application_id, paid): what was paid on each of the pool's cases."""
    return (
        select(Invoice.application_id, func.sum(Payment.amount).label("paid"))
        .join(Payment, Payment.invoice_id == Invoice.id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .group_by(Invoice.application_id)
        .subquery()
    )


def pool_figures(session: Session, pool: Pool) -> PoolFigures:
    """Granted, paid, committed and released for one pool year, to the øre."""
    paid = paid_per_case(pool.id)
    rows = session.exec(
        select(Application.state, func.sum(Application.granted),
               func.sum(func.coalesce(paid.c.paid, 0)))
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id, Application.granted.is_not(None))
        .group_by(Application.state)
    ).all()
    granted = paid_total = committed = released = 0
    for state, granted_sum, paid_sum in rows:
        granted_sum, paid_sum = int(granted_sum or 0), int(paid_sum or 0)
        granted += granted_sum
        paid_total += paid_sum
        if state in RELEASED_STATES:
            released += granted_sum - paid_sum
        else:
            committed += granted_sum - paid_sum
    return PoolFigures(year=pool.year, total=pool.total, cap=pool.cap, granted=granted,
                       paid=paid_total, committed=committed, released=released)


def state_counts(session: Session, pool: Pool) -> dict[str, int]:
    """How many of the pool's cases are in each state."""
    rows = session.exec(
        select(Application.state, func.count()).where(Application.pool_id == pool.id)
        .group_by(Application.state)
    ).all()
    return {state: int(count) for state, count in rows}


def case_money(session: Session, application: Application) -> CaseMoney:
    """What is granted, invoiced, paid and still waiting on one case."""
    invoices = session.exec(
        select(Invoice.state, func.count(), func.sum(Invoice.amount))
        .where(Invoice.application_id == application.id).group_by(Invoice.state)
    ).all()
    paid = session.exec(
        select(func.sum(Payment.amount)).join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.application_id == application.id)
    ).one()
    invoiced = sum(int(total or 0) for state, _, total in invoices if state in COUNTING_STATES)
    return CaseMoney(
        granted=application.granted or 0,
        invoiced=invoiced,
        paid=int(paid or 0),
        invoices_awaiting=sum(n for state, n, _ in invoices if state in AWAITING_STATES),
        invoices_counted=sum(n for state, n, _ in invoices if state != "refused"),
    )
