"""The inspiration catalogue: completed activities as the organisation shows them publicly.

Only what the caseworker approved for open data is shown (the public title and description,
never the resident's own words), with the department, the month, what was paid and how many
took part; photos only where the report's consent tick is set — withdrawn consent hides them
at the next page view, as nothing here is cached.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from pulje.models import (
    Application,
    Department,
    Invoice,
    OutcomePhoto,
    OutcomeReport,
    Payment,
    Pool,
)
from pulje.services.rulesets import purpose_labels
from workflows.rules import PURPOSE_SLOTS

MAX_ENTRIES = 200


@dataclass(frozen=True)
class CatalogueEntry:
    """One completed activity as the public sees it."""

    id: int
    title: str
    description: str
    department: str  # "3 Ørnebjerg"
    month: date  # the first day of the month the activity began
    paid: int  # øre
    participants: int | None  # from the report; None without one
    purposes: tuple[str, ...]  # slots of workflows.rules.PURPOSE_SLOTS
    photo_ids: tuple[int, ...]  # only photos shown with consent
    completed_at: datetime


def _shown(organisation_id: int):
    """The conditions for a case to be in the catalogue."""
    return (Pool.organisation_id == organisation_id, Application.state == "closed",
            Application.public_title.is_not(None), Application.public_title != "")


def catalogue(session: Session, organisation_id: int, *, purpose: str | None = None,
              department_id: int | None = None) -> list[CatalogueEntry]:
    """The organisation's completed activities, newest first, optionally filtered."""
    paid = (select(Invoice.application_id, func.sum(Payment.amount).label("paid"))
            .join(Payment, Payment.invoice_id == Invoice.id)
            .group_by(Invoice.application_id).subquery())
    query = (
        select(Application.id, Application.public_title, Application.public_description,
               Application.period_start, Application.ended_at, Application.across_departments,
               Application.short_notice, Application.small_group, Department.number,
               Department.name, paid.c.paid, OutcomeReport.id.label("report_id"),
               OutcomeReport.participants, OutcomeReport.photo_consent)
        .join(Pool, Pool.id == Application.pool_id)
        .join(Department, Department.id == Application.department_id)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .outerjoin(OutcomeReport, OutcomeReport.application_id == Application.id)
        .where(*_shown(organisation_id)))
    if purpose in PURPOSE_SLOTS:
        query = query.where(getattr(Application, purpose).is_(True))
    if department_id is not None:
        query = query.where(Application.department_id == department_id)
    rows = session.exec(query.order_by(Application.ended_at.desc(), Application.id.desc())
                        .limit(MAX_ENTRIES)).all()
    photos: dict[int, list[int]] = defaultdict(list)
    consented = [row.report_id for row in rows if row.report_id and row.photo_consent]
    if consented:
        for report_id, photo_id in session.exec(
                select(OutcomePhoto.report_id, OutcomePhoto.id)
                .where(OutcomePhoto.report_id.in_(consented)).order_by(OutcomePhoto.id)).all():
            photos[report_id].append(photo_id)
    return [CatalogueEntry(
        id=row.id, title=row.public_title, description=row.public_description or "",
        department=f"{row.number} {row.name}", month=row.period_start.replace(day=1),
        paid=int(row.paid or 0), participants=row.participants,
        purposes=tuple(key for key in PURPOSE_SLOTS if getattr(row, key)),
        photo_ids=tuple(photos.get(row.report_id, ())), completed_at=row.ended_at,
    ) for row in rows]


def public_photo(session: Session, organisation_id: int, photo_id: int) -> OutcomePhoto | None:
    """The photo if the catalogue may show it now (consent given, case shown), else None."""
    return session.exec(
        select(OutcomePhoto)
        .join(OutcomeReport, OutcomeReport.id == OutcomePhoto.report_id)
        .join(Application, Application.id == OutcomeReport.application_id)
        .join(Pool, Pool.id == Application.pool_id)
        .where(OutcomePhoto.id == photo_id, OutcomeReport.photo_consent.is_(True),
               *_shown(organisation_id))).first()


def departments_with_entries(session: Session, organisation_id: int) -> list[Department]:
    """The departments that have at least one activity in the catalogue (the filter's list)."""
    return list(session.exec(
        select(Department).join(Application, Application.department_id == Department.id)
        .join(Pool, Pool.id == Application.pool_id).where(*_shown(organisation_id))
        .distinct().order_by(Department.number)).all())


def catalogue_purposes(session: Session, organisation_id: int) -> dict[str, str]:
    """The purposes' texts as the organisation's newest pool words them (the filter's list)."""
    pool = session.exec(select(Pool).where(Pool.organisation_id == organisation_id)
                        .order_by(Pool.year.desc())).first()
    return purpose_labels(session, pool) if pool is not None else {}
