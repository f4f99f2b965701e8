"""Pool and case accounting, computed from grants and payments (docs/ARCHITECTURE.md, Money
and time).

One place computes what a case's money is: what the grant bears for each invoice after its
credit notes and any partial acceptance, what was paid net of refunds, and what is free.
Every page, letter, statement and export takes its figures from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Subquery, func
from sqlmodel import Session, col, select

from pulje.models import Application, Invoice, Payment, Pool, Refund
from pulje.models.ids import id_of
from workflows.application import RELEASED_STATES
from workflows.invoice import AWAITING_STATES, grant_share


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
class InvoiceMoney:
    """One supplier invoice's money: what the grant bears for it, what was paid and is owed back."""

    invoice_id: int
    amount: int
    accepted: int  # accepted for payment (the whole invoice or the rest of the grant); 0 if not
    credited: int  # the credit notes naming it, as a positive sum
    share: int  # what the grant bears: min(accepted, amount - credited)
    paid: int
    refunded: int

    @property
    def partial(self) -> bool:
        return 0 < self.accepted < self.amount

    @property
    def refund_due(self) -> int:
        """What the supplier owes back because a credit note came after the payment."""
        return max(0, self.paid - self.refunded - self.share) if self.paid else 0


@dataclass(frozen=True)
class CaseMoney:
    """One case's money: granted, paid (net of refunds), accepted but not yet paid, and free."""

    granted: int
    invoiced: int  # what the grant bears for accepted and paid invoices
    paid: int  # paid to suppliers minus refunds received
    accepted_unpaid: int
    refunds_due: int
    credited: int
    invoices_awaiting: int
    invoices_counted: int
    invoices: dict[int, InvoiceMoney]

    @property
    def remaining(self) -> int:
        """Granted but not paid: what goes back to the pool when the case ends."""
        return self.granted - self.paid

    @property
    def free(self) -> int:
        """Tilbage af bevillingen: granted − paid − accepted but not yet paid."""
        return self.granted - self.paid - self.accepted_unpaid


def paid_per_case(pool_id: int) -> Subquery:
    """A subquery of (application_id, paid): payments minus refunds on each of the pool's cases."""
    def per_case(model):
        return (
            select(col(Invoice.application_id).label("application_id"),
                   model.amount.label("amount"))
            .join(model, model.invoice_id == Invoice.id)
            .join(Application, col(Application.id) == Invoice.application_id)
            .where(Application.pool_id == pool_id)
        )
    paid, refunded = per_case(Payment).subquery(), per_case(Refund).subquery()
    rows = (select(paid.c.application_id, paid.c.amount)
            .union_all(select(refunded.c.application_id, -refunded.c.amount))).subquery()
    return (select(rows.c.application_id, func.sum(rows.c.amount).label("paid"))
            .group_by(rows.c.application_id).subquery())


def pool_figures(session: Session, pool: Pool) -> PoolFigures:
    """Granted, paid, committed and released for one pool year, to the øre."""
    paid = paid_per_case(id_of(pool))
    rows = session.exec(
        select(Application.state, func.sum(Application.granted),
               func.sum(func.coalesce(paid.c.paid, 0)))
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id, col(Application.granted).is_not(None))
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


def _sums(session: Session, model, application_id: int) -> dict[int, int]:
    rows = session.exec(
        select(model.invoice_id, func.sum(model.amount)).join(Invoice, Invoice.id ==
                                                              model.invoice_id)
        .where(Invoice.application_id == application_id).group_by(model.invoice_id)).all()
    return {invoice_id: int(total or 0) for invoice_id, total in rows}


def case_money(session: Session, application: Application, *,
               invoices: Sequence[Invoice] | None = None,
               payments: Sequence[Payment] | None = None) -> CaseMoney:
    """What is granted, accepted, paid, owed back and still free on one case.

    A caller that has read the case's invoices, or its payments, already (the status page)
    hands them in — every one of the case's — and they are not read again.
    """
    if invoices is None:
        rows = session.exec(
            select(  # type: ignore[call-overload]  # sqlmodel: at most 4 columns
                   Invoice.id, Invoice.state, Invoice.amount, Invoice.accepted_amount,
                   Invoice.is_credit_note, Invoice.credits_invoice_id)
            .where(Invoice.application_id == application.id).order_by(Invoice.id)).all()
    else:
        rows = [(i.id, i.state, i.amount, i.accepted_amount, i.is_credit_note,
                 i.credits_invoice_id) for i in sorted(invoices, key=id_of)]
    if payments is None:
        paid = _sums(session, Payment, id_of(application))
    else:
        paid = {}
        for payment in payments:
            paid[payment.invoice_id] = paid.get(payment.invoice_id, 0) + int(payment.amount)
    refunded = _sums(session, Refund, id_of(application))
    credited: dict[int, int] = {}
    for _id, state, amount, _accepted, is_credit, credits in rows:
        if is_credit and credits is not None and state != "refused":
            credited[credits] = credited.get(credits, 0) - int(amount)
    per_invoice: dict[int, InvoiceMoney] = {}
    awaiting = counted = accepted_unpaid = 0
    for invoice_id, state, amount, accepted, is_credit, _credits in rows:
        if state != "refused":
            counted += 1
        if is_credit:
            continue
        awaiting += state in AWAITING_STATES
        accepted = int(accepted or 0) if state in ("accepted", "paid") else 0
        money = InvoiceMoney(
            invoice_id=invoice_id, amount=int(amount), accepted=accepted,
            credited=credited.get(invoice_id, 0),
            share=grant_share(accepted, int(amount), credited.get(invoice_id, 0)),
            paid=paid.get(invoice_id, 0), refunded=refunded.get(invoice_id, 0))
        per_invoice[invoice_id] = money
        if state == "accepted":
            accepted_unpaid += money.share
    return CaseMoney(
        granted=application.granted or 0,
        invoiced=sum(m.share for m in per_invoice.values()),
        paid=sum(paid.values()) - sum(refunded.values()),
        accepted_unpaid=accepted_unpaid,
        refunds_due=sum(m.refund_due for m in per_invoice.values()),
        credited=sum(credited.values()),
        invoices_awaiting=awaiting,
        invoices_counted=counted,
        invoices=per_invoice,
    )
