"""The caseworker's queue: one organisation's cases, filtered, sorted and paged.

Two queries per page whatever the size of the table: the counts per state under the filters
(which also give the total), and the page's rows with pool, department and whether an invoice
came joined in — nothing per row, so it stays fast with hundreds of thousands of cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func
from sqlmodel import Session, col, select

from pulje import clock
from pulje.models import Application, Department, Invoice, Pool, RuleSet
from pulje.services.duplicates import duplicate_warnings
from pulje.services.queries import departments_in_order
from pulje.services.queue_markers import (
    last_action,
    marker_condition,
    received_invoice,
    row_markers,
)
from pulje.services.search import case_condition
from pulje.services.terms import invoice_deadline
from workflows.application import STATES
from workflows.rules import activity_started, invoice_deadline_unused

SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "newest": (col(Application.submitted_at).desc(), col(Application.id).desc()),
    "oldest": (col(Application.submitted_at).asc(), col(Application.id).asc()),
    "reference": (col(Application.reference).asc(), col(Application.id).asc()),
    "reference_desc": (col(Application.reference).desc(), col(Application.id).desc()),
    "amount": (col(Application.requested).desc(), col(Application.id).desc()),
    "amount_asc": (col(Application.requested).asc(), col(Application.id).asc()),
}
UNDECIDED_STATES = ("submitted", "in_review", "awaiting_info")


@dataclass(frozen=True)
class QueueRow:
    """One case as the queue lists it; ``overdue`` says why it needs attention, if it does."""

    id: int
    reference: str
    state: str
    applicant_name: str
    title: str
    department: str
    pool_year: int
    requested: int
    granted: int | None
    submitted_at: datetime
    period_start: date
    period_end: date
    overdue: str | None
    late_delivery: str | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue, the number of matching cases and how many there are per state."""

    rows: list[QueueRow]
    total: int
    page: int
    per_page: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filters(session: Session, organisation_id: int, *, year: int | None,
             department_id: int | None, text: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(Pool.organisation_id) == organisation_id]
    if year is not None:
        conditions.append(col(Pool.year) == year)
    if department_id is not None:
        conditions.append(col(Application.department_id) == department_id)
    found = case_condition(session, organisation_id, text)
    if found is not None:
        conditions.append(found)
    return conditions


def overdue_reason(state: str, period_start: date, deadline: date, has_invoice: bool,
                   today: date) -> str | None:
    """Why a case needs attention now, in Danish, or None."""
    if state in UNDECIDED_STATES and activity_started(period_start, today):
        return f"Aktiviteten startede {period_start:%d.%m.%Y} uden afgørelse"
    if state == "approved" and invoice_deadline_unused(deadline, today, int(has_invoice)):
        return f"Ingen faktura inden fristen {deadline:%d.%m.%Y}"
    return None


def late_delivery(latest: date | None, deadline: date) -> str | None:
    """A flag when an invoice's delivery lies after the approved period and its deadline (R6)."""
    if latest is None or latest <= deadline:
        return None
    return f"Levering {latest:%d.%m.%Y} efter fristen {deadline:%d.%m.%Y}"


def case_queue(session: Session, organisation_id: int, *, state: str | None = None,
               year: int | None = None, department_id: int | None = None,
               text: str | None = None, sort: str = "newest", page: int = 1,
               per_page: int = 50, today: date | None = None,
               marker: str | None = None) -> QueuePage:
    """The organisation's cases matching the filters, one page of them, with state counts;
    ``marker`` keeps the cases with that marker (see queue_markers)."""
    today = today or clock.today()
    conditions = _filters(session, organisation_id, year=year, department_id=department_id,
                          text=text)
    wanted = marker_condition(marker or "", today, session.get_bind().dialect.name)
    if wanted is not None:
        conditions.append(wanted)
    counts = {s: 0 for s in STATES}
    for row_state, count in session.exec(
        select(Application.state, func.count(col(Application.id)))
        .join(Pool, col(Pool.id) == Application.pool_id).where(*conditions)
        .group_by(Application.state)
    ).all():
        counts[row_state] = int(count)
    if state in STATES:
        conditions.append(col(Application.state) == state)
        total = counts[state]
    else:
        total = sum(counts.values())

    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    order = SORTS.get(sort, SORTS["newest"])
    # The page's ids first, from the case table and its pool alone (the indexes on pool and
    # submission date serve the order); departments and invoices are joined to those 50 only.
    page_ids = (
        select(Application.id).join(Pool, col(Pool.id) == Application.pool_id).where(*conditions)
        .order_by(*order).offset((page - 1) * per_page).limit(per_page).subquery()
    )
    has_invoice = (exists().where(and_(col(Invoice.application_id) == Application.id,
                                       col(Invoice.state) != "refused"))
                   .correlate(Application).label("has_invoice"))
    latest_delivery = (select(func.max(Invoice.activity_date))
                       .where(Invoice.application_id == Application.id,
                              Invoice.state != "refused")
                       .correlate(Application).scalar_subquery().label("latest_delivery"))
    # Columns rather than whole rows: the purpose text is long and the queue never shows it.
    result: Sequence[Any] = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel: at most 4 columns
               Application.id, Application.reference, Application.state,
               Application.applicant_name, Application.applicant_email, Application.title,
               Application.requested,
               Application.granted, Application.submitted_at, Application.period_start,
               Application.period_end, Pool, Department.number, Department.name, has_invoice,
               latest_delivery,
               col(RuleSet.invoice_deadline_days).label("rule_deadline_days"),
               last_action().label("last_action"), received_invoice().label("has_received"))
        .join(page_ids, page_ids.c.id == Application.id)
        .outerjoin(RuleSet, RuleSet.id == Application.rule_set_id)
        .join(Pool, Pool.id == Application.pool_id)
        .join(Department, Department.id == Application.department_id)
        .order_by(*order)
    ).all()
    # Possible duplicates of the page's cases, from the kept pairs; "not the same" is quiet.
    alike = duplicate_warnings(session, [r.id for r in result])
    rows = []
    for r in result:
        # The row carries period_end, all invoice_deadline reads from the case.
        deadline = invoice_deadline(r.Pool, r)
        overdue = overdue_reason(r.state, r.period_start, deadline, bool(r.has_invoice), today)
        rows.append(QueueRow(
            id=r.id, reference=r.reference, state=r.state, applicant_name=r.applicant_name,
            title=r.title, department=f"{r.number} {r.name}", pool_year=r.Pool.year,
            requested=r.requested, granted=r.granted, submitted_at=r.submitted_at,
            period_start=r.period_start, period_end=r.period_end, overdue=overdue,
            late_delivery=late_delivery(r.latest_delivery, deadline),
            markers=row_markers(state=r.state, last=r.last_action,
                                has_received=bool(r.has_received),
                                has_invoice=bool(r.has_invoice), deadline=deadline,
                                overdue=overdue, today=today)
            + tuple(alike.get(r.id, ()))))
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page, counts=counts)


def department_choices(session: Session, organisation_id: int) -> list[tuple[int, str]]:
    """(id, "number name") of the organisation's departments in number order, for the filter."""
    return [(row.id, f"{row.number} {row.name}")
            for row in departments_in_order(session, organisation_id)]
