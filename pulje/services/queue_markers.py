"""What in the queue asks for the caseworker's attention, as markers and as filters.

- *nyt svar*: the resident answered and no step has been taken on the case since;
- *ny faktura*: an invoice has been received and waits to be accepted or refused;
- *frist om N dage*: a grant without an invoice whose invoice deadline is within N days;
- *frist overskredet*: a grant whose deadline passed without an invoice, or an activity that
  started before the case was decided.

The filters are SQL over the case, its pool and its invoices, so the queue still reads one page
at a time; the invoice deadline (period end + the pool's days) is compared by moving *today*
rather than the stored date, so a far-future period end cannot overflow the database's dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, String, and_, cast, exists, func, literal, or_, select

from pulje.models import Application, AuditEntry, Invoice, Pool

DUE_SOON_DAYS = 14
MARKERS = {
    "nyt-svar": "Nyt svar",
    "ny-faktura": "Ny faktura",
    "frist-snart": f"Frist inden for {DUE_SOON_DAYS} dage",
    "frist-overskredet": "Frist overskredet",
}
UNDECIDED_STATES = ("submitted", "in_review", "awaiting_info")


def last_action():
    """The case's latest audited action (correlated to the queue's Application row)."""
    return (select(AuditEntry.action).where(AuditEntry.application_id == Application.id)
            .order_by(AuditEntry.id.desc()).limit(1).correlate(Application).scalar_subquery())


def received_invoice():
    """Whether the case has an invoice waiting to be accepted or refused."""
    return (exists().where(and_(Invoice.application_id == Application.id,
                                Invoice.state == "received")).correlate(Application))


def _counted_invoice():
    return (exists().where(and_(Invoice.application_id == Application.id,
                                Invoice.state != "refused")).correlate(Application))


def _days_before(day: date, dialect: str, extra_days: int = 0) -> ColumnElement:
    """``day + extra_days - pool.invoice_deadline_days`` as a date, in the database's dialect."""
    base = day + timedelta(days=extra_days)
    if dialect == "sqlite":
        return func.date(literal(base.isoformat()),
                         literal("-") + cast(Pool.invoice_deadline_days, String) + " days")
    return literal(base) - Pool.invoice_deadline_days


def marker_condition(marker: str, today: date, dialect: str) -> ColumnElement[bool] | None:
    """The SQL condition for one marker's filter (the query joins Pool); None if unknown."""
    if marker == "nyt-svar":
        return and_(Application.state == "in_review", last_action() == "answer")
    if marker == "ny-faktura":
        return received_invoice()
    period_end = (func.date(Application.period_end) if dialect == "sqlite"
                  else Application.period_end)
    granted_without_invoice = and_(Application.state == "approved", ~_counted_invoice())
    if marker == "frist-snart":
        return and_(granted_without_invoice,
                    period_end >= _days_before(today, dialect),
                    period_end <= _days_before(today, dialect, DUE_SOON_DAYS))
    if marker == "frist-overskredet":
        return or_(and_(granted_without_invoice, period_end < _days_before(today, dialect)),
                   and_(Application.state.in_(UNDECIDED_STATES),
                        Application.period_start <= today))
    return None


def row_markers(*, state: str, last: str | None, has_received: bool, has_invoice: bool,
                deadline: date, overdue: str | None, today: date) -> tuple[str, ...]:
    """The markers one queue row shows, as text ("Nyt svar", "Frist om 3 dage")."""
    markers = []
    if state == "in_review" and last == "answer":
        markers.append(MARKERS["nyt-svar"])
    if has_received:
        markers.append(MARKERS["ny-faktura"])
    days_left = (deadline - today).days
    if state == "approved" and not has_invoice and 0 <= days_left <= DUE_SOON_DAYS:
        markers.append("Frist i dag" if days_left == 0 else
                       f"Frist om {days_left} {'dag' if days_left == 1 else 'dage'}")
    if overdue:
        markers.append(MARKERS["frist-overskredet"])
    return tuple(markers)
