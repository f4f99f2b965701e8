"""The short report after an activity (afrapportering): who may give it, and saving it.

The report is optional. The resident gives it on the private link once the activity's period
has ended or the case is closed; the caseworker may enter what they were told. Photos are kept
internal unless the report's consent tick is set; withdrawing consent hides them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from pulje.models import (
    Application,
    Department,
    OutcomeDepartment,
    OutcomePhoto,
    OutcomeReport,
    Pool,
)
from pulje.services import audit
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from pulje.services.photos import clean_photo, store_photo
from workflows.messages import N_

MAX_PHOTOS = 3
MAX_PARTICIPANTS = 100_000
MAX_STORY = 2000
# Cases whose activity may have been held: granted, and not given up before it happened.
REPORTABLE_STATES = ("approved", "closed")


@dataclass
class OutcomeInput:
    """What the report form holds, already in shape (forms/outcome.py)."""

    participants: int
    department_ids: list[int] = field(default_factory=list)
    story: str = ""
    again: bool | None = None
    photo_consent: bool = False


def may_report(application: Application, today: date) -> bool:
    """Whether the case can be reported on: granted, and its period over or the case closed."""
    if application.state == "closed":
        return True
    return application.state == "approved" and application.period_end <= today


def report_of(session: Session, application: Application) -> OutcomeReport | None:
    """The case's report, if one was given."""
    return session.exec(select(OutcomeReport).where(
        OutcomeReport.application_id == application.id)).first()


def photos_of(session: Session, report: OutcomeReport | None) -> list[OutcomePhoto]:
    """The report's photos in the order they were added."""
    if report is None:
        return []
    return list(session.exec(select(OutcomePhoto).where(OutcomePhoto.report_id == report.id)
                             .order_by(OutcomePhoto.id)).all())


def reached_departments(session: Session, report: OutcomeReport | None) -> list[Department]:
    """The departments ticked on the report, by number."""
    if report is None:
        return []
    return list(session.exec(
        select(Department).join(OutcomeDepartment,
                                OutcomeDepartment.department_id == Department.id)
        .where(OutcomeDepartment.report_id == report.id).order_by(Department.number)).all())


def organisation_departments(session: Session, application: Application) -> list[Department]:
    """The departments of the case's organisation: the report's tick list."""
    pool = session.get(Pool, application.pool_id)
    return list(session.exec(select(Department).where(
        Department.organisation_id == pool.organisation_id).order_by(Department.number)).all())


@dataclass(frozen=True)
class OutcomeSummary:
    """The report beside what was applied for, for the case page."""

    may_report: bool
    report: OutcomeReport | None
    departments: tuple[Department, ...]
    photos: tuple[OutcomePhoto, ...]
    expected_participants: int
    planned_cost: int  # the grant, in øre (what was applied for before a decision)

    @property
    def participants_ratio(self) -> float | None:
        """Actual ÷ expected participants, e.g. 1.19; None without a report."""
        if self.report is None:
            return None
        return self.report.participants / self.expected_participants


def outcome_summary(session: Session, application: Application, today: date) -> OutcomeSummary:
    """Whether the case can be reported on, its report, and what was expected and planned."""
    report = report_of(session, application)
    return OutcomeSummary(
        may_report=may_report(application, today), report=report,
        departments=tuple(reached_departments(session, report)),
        photos=tuple(photos_of(session, report)),
        expected_participants=application.expected_participants,
        planned_cost=application.granted or application.requested)


def save_report(session: Session, application: Application, actor: Actor, data: OutcomeInput,
                *, photos: list[bytes] = (), folder: Path | None = None,
                today: date) -> OutcomeReport:
    """Give (or correct) the case's report, adding ``photos``; refusals change nothing.

    Photo files are written only after every check has passed; the caller removes them again
    (``discard_files``) when its transaction does not commit.
    """
    if not may_report(application, today):
        raise InputError(N_("Der kan først gives en afrapportering, når aktiviteten er "
                            "afholdt, og kun på en bevilget sag."))
    if not 0 <= data.participants <= MAX_PARTICIPANTS:
        raise InputError(N_("Skriv hvor mange der deltog, som et tal fra 0 til 100.000."))
    if len(data.story) > MAX_STORY:
        raise InputError(N_("Skriv højst 2.000 tegn om, hvordan det gik."))
    known = {d.id for d in organisation_departments(session, application)}
    ticked = set(data.department_ids)
    if not ticked <= known:
        raise InputError(N_("Vælg kun afdelinger fra listen."))
    report = report_of(session, application)
    already = len(photos_of(session, report))
    if already + len(photos) > MAX_PHOTOS:
        raise InputError(N_("Der kan højst være 3 billeder på en afrapportering."))
    cleaned = [clean_photo(photo) for photo in photos]
    if cleaned and folder is None:
        raise ValueError("photos need the upload folder to be stored in")

    new = report is None
    if new:
        report = OutcomeReport(application_id=application.id, participants=data.participants,
                               entered_by=actor.label)
    report.participants = data.participants
    report.story = data.story.strip()
    report.again = data.again
    report.photo_consent = data.photo_consent
    report.entered_by = actor.label
    session.add(report)
    session.flush()
    existing = {row.department_id: row for row in session.exec(select(OutcomeDepartment).where(
        OutcomeDepartment.report_id == report.id)).all()}
    for department_id, row in existing.items():
        if department_id not in ticked:
            session.delete(row)
    for department_id in sorted(ticked - existing.keys()):
        session.add(OutcomeDepartment(report_id=report.id, department_id=department_id))
    for data_bytes, width, height in cleaned:
        session.add(OutcomePhoto(report_id=report.id, file_path=store_photo(folder, data_bytes),
                                 width=width, height=height))
    note = f"{report.participants} deltog; {len(cleaned)} billede(r) tilføjet"
    audit.record(session, actor, "outcome_reported" if new else "outcome_corrected",
                 application=application, note=note)
    session.flush()
    return report


def withdraw_consent(session: Session, application: Application, actor: Actor) -> None:
    """Take back the consent to show the photos publicly; the catalogue stops showing them."""
    report = report_of(session, application)
    if report is None or not report.photo_consent:
        raise InputError(N_("Der er ikke givet samtykke til at vise billeder."))
    report.photo_consent = False
    session.add(report)
    audit.record(session, actor, "outcome_consent_withdrawn", application=application)
    session.flush()


def remove_photo(session: Session, application: Application, actor: Actor,
                 photo_id: int) -> str:
    """Delete one of the report's photos; returns its file's name, for the caller to delete
    once its transaction has committed."""
    report = report_of(session, application)
    photo = session.get(OutcomePhoto, photo_id)
    if report is None or photo is None or photo.report_id != report.id:
        raise InputError("Billedet findes ikke på denne sag.")
    session.delete(photo)
    audit.record(session, actor, "outcome_photo_removed", application=application)
    session.flush()
    return photo.file_path
