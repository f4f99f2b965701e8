"""The board's view of a pool year: figures, counts and breakdowns in a few grouped queries.

The dashboard and the yearly PDF report both read ``year_overview`` so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, select

from pulje.models import Application, Department, Invoice, Organisation, Payment, Pool, utcnow
from pulje.services.accounting import PoolFigures, pool_figures
from pulje.services.documents import organisation_info
from pulje.services.rulesets import purpose_labels, rule_history
from reports.data import GrantRow, GroupRow, YearReportData
from workflows.application import STATE_LABELS, STATES


@dataclass(frozen=True)
class YearOverview:
    """Everything the board sees about one pool year."""

    figures: PoolFigures
    by_state: tuple[tuple[str, int], ...]  # (state, count) in lifecycle order
    by_department: tuple[GroupRow, ...]
    by_purpose: tuple[GroupRow, ...]
    grants: tuple[GrantRow, ...]
    average_days_to_decision: float | None

    @property
    def applications(self) -> int:
        return sum(count for _, count in self.by_state)


def _paid_per_case(pool_id: int):
    return (
        select(Invoice.application_id.label("application_id"),
               func.sum(Payment.amount).label("paid"))
        .join(Payment, Payment.invoice_id == Invoice.id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool_id)
        .group_by(Invoice.application_id)
        .subquery()
    )


def _granted_only(value):
    """``value`` for a granted case, 0 otherwise — so one pass sums all cases and grants."""
    return case((Application.granted.is_not(None), value), else_=0)


def by_department(session: Session, pool: Pool) -> tuple[GroupRow, ...]:
    """Applications, granted, paid and participants per department (all departments listed)."""
    paid = _paid_per_case(pool.id)
    rows = session.exec(
        select(Department.number, Department.name, func.count(Application.id),
               func.sum(func.coalesce(Application.granted, 0)),
               func.sum(func.coalesce(paid.c.paid, 0)),
               func.sum(_granted_only(Application.expected_participants)))
        .outerjoin(Application, (Application.department_id == Department.id)
                   & (Application.pool_id == pool.id))
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Department.organisation_id == pool.organisation_id)
        .group_by(Department.id, Department.number, Department.name)
    ).all()
    ordered = sorted(rows, key=lambda r: (len(r[0]), r[0]))  # "2" before "10"
    return tuple(GroupRow(label=f"{number} {name}", count=int(count), granted=int(granted or 0),
                          paid=int(paid_sum or 0), participants=int(people or 0))
                 for number, name, count, granted, paid_sum, people in ordered)


def by_purpose(session: Session, pool: Pool) -> tuple[GroupRow, ...]:
    """The same figures per R5 purpose; a case that ticks two purposes counts under both.

    The purposes are named as in the pool's current rules.
    """
    labels = purpose_labels(session, pool)
    paid = _paid_per_case(pool.id)
    paid_amount = func.coalesce(paid.c.paid, 0)
    columns = []
    for name in labels:
        ticked = getattr(Application, name).is_(True)
        columns += [
            func.sum(case((ticked, 1), else_=0)),
            func.sum(case((ticked, func.coalesce(Application.granted, 0)), else_=0)),
            func.sum(case((ticked, paid_amount), else_=0)),
            func.sum(case((ticked & Application.granted.is_not(None),
                           Application.expected_participants), else_=0)),
        ]
    sums = session.exec(
        select(*columns).select_from(Application)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id)
    ).one()
    values = [int(v or 0) for v in sums]
    return tuple(GroupRow(label=label[:1].upper() + label[1:], count=values[4 * i],
                          granted=values[4 * i + 1], paid=values[4 * i + 2],
                          participants=values[4 * i + 3])
                 for i, label in enumerate(labels.values()))


def grants(session: Session, pool: Pool) -> tuple[GrantRow, ...]:
    """Every case granted in the pool year, by reference, with what has been paid on it."""
    paid = _paid_per_case(pool.id)
    rows = session.exec(
        select(Application.reference, Department.number, Department.name, Application.title,
               Application.expected_participants, Application.granted,
               func.coalesce(paid.c.paid, 0), Application.state)
        .join(Department, Department.id == Application.department_id)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id, Application.granted.is_not(None))
        .order_by(Application.reference)
    ).all()
    return tuple(GrantRow(reference=ref, department=f"{number} {name}", title=title,
                          participants=people, granted=int(granted), paid=int(paid_sum),
                          state=STATE_LABELS[state])
                 for ref, number, name, title, people, granted, paid_sum, state in rows)


def average_days_to_decision(session: Session, pool: Pool) -> float | None:
    """Mean days from submission to decision over the pool's decided cases."""
    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(Application.decided_at) - func.julianday(Application.submitted_at)
    else:
        days = func.extract("epoch", Application.decided_at - Application.submitted_at) / 86400
    value = session.exec(select(func.avg(days)).where(
        Application.pool_id == pool.id, Application.decided_at.is_not(None))).one()
    return None if value is None else round(float(value), 1)


def year_overview(session: Session, pool: Pool) -> YearOverview:
    """The pool year's figures, counts per state, per department and purpose, and its grants."""
    counts = dict(session.exec(
        select(Application.state, func.count(Application.id))
        .where(Application.pool_id == pool.id).group_by(Application.state)).all())
    return YearOverview(
        figures=pool_figures(session, pool),
        by_state=tuple((state, int(counts.get(state, 0))) for state in STATES),
        by_department=by_department(session, pool),
        by_purpose=by_purpose(session, pool),
        grants=grants(session, pool),
        average_days_to_decision=average_days_to_decision(session, pool),
    )


def _rules_named(session: Session, pool: Pool) -> str:
    """The current rules' title; once they have changed during the year, with the versions."""
    history = rule_history(session, pool)
    if len(history) <= 1:
        return pool.rule_version
    earlier = "; ".join(f"version {r.version} fra {r.valid_from:%d.%m.%Y}" for r in history)
    return f"{pool.rule_version} ({earlier})"


def year_report_data(session: Session, pool: Pool) -> YearReportData:
    """The yearly report's data, from the same figures the dashboard shows."""
    overview = year_overview(session, pool)
    figures = overview.figures
    organisation = session.get(Organisation, pool.organisation_id)
    return YearReportData(
        organisation=organisation_info(organisation), year=pool.year,
        rule_version=_rules_named(session, pool), rule_approved_on=pool.rule_approved_on,
        total=figures.total, granted=figures.granted, paid=figures.paid,
        released=figures.released, available=figures.available,
        by_state=tuple((STATE_LABELS[state], count) for state, count in overview.by_state),
        average_days_to_decision=overview.average_days_to_decision,
        by_department=overview.by_department, by_purpose=overview.by_purpose,
        grants=overview.grants,
        open_at_year_end=tuple(g for g in overview.grants
                               if g.state == STATE_LABELS["approved"]),
        generated_at=utcnow(),
    )


def pool_years(session: Session, organisation_id: int) -> list[int]:
    """The organisation's pool years, newest first (for the year selector)."""
    return list(session.exec(select(Pool.year).where(Pool.organisation_id == organisation_id)
                             .order_by(Pool.year.desc())).all())
