"""Submitting an application: the checks of R3–R5, a reference and a private link."""

from __future__ import annotations

import secrets
from datetime import date

from sqlmodel import Field, Session, SQLModel, select

from pulje.models import Application, BudgetLine, Department, Organisation, Pool
from pulje.services import audit, notifications
from pulje.services.actors import Actor
from pulje.services.errors import InputError, NotFound, RuleViolation
from pulje.services.locks import lock_pool
from pulje.services.rulesets import purposes_of
from pulje.services.search_index import refresh_case
from workflows import rules


class BudgetLineInput(SQLModel):
    """One budget line as typed: what for, and the amount in øre."""

    description: str = Field(default="", max_length=300)
    amount: int = 0


class ApplicationInput(SQLModel):
    """What an applicant submits; shape only — the rules are checked by submit_application."""

    department_number: str = ""
    applicant_name: str = Field(default="", max_length=200)
    applicant_address: str = Field(default="", max_length=300)
    applicant_email: str = Field(default="", max_length=200)
    applicant_phone: str = Field(default="", max_length=40)
    applicant_cvr: str | None = Field(default=None, max_length=8)
    title: str = Field(default="", max_length=200)
    purpose: str = Field(default="", max_length=20000)
    expected_participants: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    across_departments: bool = False
    short_notice: bool = False
    small_group: bool = False
    budget: list[BudgetLineInput] = Field(default_factory=list)
    # The language the form was filled in, for the resident's mails; and whether they chose to
    # follow the case by link only, without an e-mail address.
    language: str = Field(default="da", max_length=5)
    link_only: bool = False

    @property
    def requested(self) -> int:
        return sum(line.amount for line in self.budget)


def open_pool(session: Session, organisation_id: int, today: date) -> Pool:
    """The organisation's pool that takes applications today."""
    pool = session.exec(
        select(Pool).where(Pool.organisation_id == organisation_id, Pool.year == today.year)
    ).first()
    if pool is None:
        raise NotFound(f"Der er ingen pulje for {today.year}.")
    if not (pool.opens_on <= today <= pool.closes_on):
        raise InputError(
            f"Puljen {pool.year} tager imod ansøgninger fra {pool.opens_on:%d.%m.%Y} "
            f"til {pool.closes_on:%d.%m.%Y}."
        )
    return pool


def find_department(session: Session, organisation_id: int, number: str) -> Department:
    """The organisation's department with this number."""
    department = session.exec(
        select(Department).where(Department.organisation_id == organisation_id,
                                 Department.number == (number or "").strip())
    ).first()
    if department is None or department.retired:
        raise InputError("Vælg den afdeling, du bor i.")
    return department


def check_application(data: ApplicationInput, pool: Pool) -> None:
    """Refuse an application that misses an R4 item, lies beyond the pool's reach or ticks
    none of the R5 purposes."""
    complete = rules.application_complete(
        applicant_name=data.applicant_name, title=data.title, purpose=data.purpose,
        expected_participants=data.expected_participants,
        period_start=data.period_start, period_end=data.period_end,
        budget=[line.amount for line in data.budget], requested=data.requested)
    reach = None if complete else rules.period_within_reach(
        data.period_start, data.period_end, pool.year)
    ticked = rules.purpose_ticked(
        (data.across_departments, data.short_notice, data.small_group), *purposes_of(pool))
    for violation in (complete, reach, ticked):
        if violation is not None:
            raise RuleViolation(violation.rule, violation.message)


def check_one_page(session: Session, data: ApplicationInput, organisation: Organisation,
                   pool: Pool, department: Department) -> None:
    """R3: refuse an application whose rendering takes more than one A4 page."""
    from pulje.services.documents import draft_application_data
    from reports.application import overflow_chars, page_count

    draft = draft_application_data(data, organisation, pool, department)
    pages = page_count(draft)
    # Measuring how much to cut takes a few more renderings: only worth it when refusing.
    violation = rules.one_page(pages, overflow_chars(draft) if pages > 1 else None)
    if violation is not None:
        raise RuleViolation(violation.rule, violation.message)


def submit_application(
    session: Session, organisation_id: int, data: ApplicationInput, *,
    today: date, actor: Actor | None = None,
) -> Application:
    """Check and store a new application; returns it with its reference and private token."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Organisationen findes ikke.")
    pool = open_pool(session, organisation_id, today)
    department = find_department(session, organisation_id, data.department_number)
    check_application(data, pool)
    check_one_page(session, data, organisation, pool, department)

    pool = lock_pool(session, pool.id)
    number = pool.next_number
    pool.next_number = number + 1
    application = Application(
        pool_id=pool.id, department_id=department.id, reference=f"{pool.year}-{number:04d}",
        public_token=secrets.token_urlsafe(32),
        **data.model_dump(exclude={"department_number", "budget"}),
        requested=data.requested,
    )
    session.add(application)
    session.flush()
    for position, line in enumerate(data.budget, start=1):
        session.add(BudgetLine(application_id=application.id, position=position,
                               description=line.description.strip(), amount=line.amount))
    audit.record(session, actor or Actor.resident(data.applicant_name), "submit",
                 application=application, to_state=application.state)
    session.flush()
    refresh_case(session, application.id)
    notifications.application_submitted(session, application)
    return application
