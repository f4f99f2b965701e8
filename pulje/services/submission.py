"""Submitting an application: the checks of R3–R5, a reference and a private link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from pydantic import field_validator
from sqlmodel import Field, Session, SQLModel, select
from stdnum.dk import cvr as dk_cvr

from pulje import clock
from pulje.models import Application, BudgetLine, Department, Organisation, Pool
from pulje.models.ids import id_of
from pulje.services import audit, notifications
from pulje.services.actors import Actor
from pulje.services.duplicates import refresh_pairs
from pulje.services.errors import InputError, NotFound, RuleViolation
from pulje.services.locks import lock_pool
from pulje.services.rulesets import purposes_of
from pulje.services.search_index import refresh_case
from workflows import rules
from workflows.fields import APPLICATION, BUDGET_LINE


class BudgetLineInput(SQLModel):
    """One budget line as typed: what for, and the amount in øre."""

    model_config = {"str_strip_whitespace": True}

    description: str = Field(default="", max_length=BUDGET_LINE["description"])
    amount: int = 0


class ApplicationInput(SQLModel):
    """What an applicant submits; shape only — the rules are checked by submit_application.

    Text is stripped of surrounding spaces here, once, before its length is checked against
    workflows.fields (the same limits the form and the table use); a CVR number is read as
    written ("DK 12 34 56 78") and kept as its eight digits.
    """

    model_config = {"str_strip_whitespace": True}

    department_number: str = ""
    applicant_name: str = Field(default="", max_length=APPLICATION["applicant_name"])
    applicant_address: str = Field(default="", max_length=APPLICATION["applicant_address"])
    applicant_email: str = Field(default="", max_length=APPLICATION["applicant_email"])
    applicant_phone: str = Field(default="", max_length=APPLICATION["applicant_phone"])
    applicant_cvr: str | None = Field(default=None, max_length=APPLICATION["applicant_cvr"])
    title: str = Field(default="", max_length=APPLICATION["title"])
    purpose: str = Field(default="", max_length=APPLICATION["purpose"])
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

    @field_validator("applicant_cvr", mode="before")
    @classmethod
    def _cvr_digits(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        digits = dk_cvr.compact(value)
        if not digits:
            return None
        if not (digits.isdigit() and len(digits) == APPLICATION["applicant_cvr"]):
            raise ValueError("Et CVR-nummer har 8 cifre.")
        return digits

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


@dataclass(frozen=True)
class Problem:
    """One reason the application cannot be accepted, and the form field it concerns."""

    field: str  # "applicant_name", "purpose", "period_start", "budget", "purposes", … or ""
    rule: str
    message: str
    # The message's catalogue template and values (workflows.rules.Violation.of), if any.
    template: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, field: str, violation: rules.Violation) -> Problem:
        return cls(field, violation.rule, violation.message, violation.template,
                   violation.params)


class ApplicationRefused(RuleViolation):
    """Every reason an application was refused, found in one round."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].rule, " ".join(p.message for p in problems))
        self.problems = problems


_MISSING_FIELDS = {"applicant_name": "applicant_name", "purpose": "purpose",
                   "expected_participants": "expected_participants", "period": "period_start",
                   "budget": "budget"}


def rule_problems(data: ApplicationInput, pool: Pool, today: date) -> list[Problem]:
    """Every rule the application breaks (R2, R4, R5, R6), each at its field.

    Works on a half-filled form too: a rule whose input is missing is not judged. The rule
    functions are the caseworker's own, so nothing accepted here is refused later for the
    same reason (R6 only if the case waits past the activity's start).
    """
    amounts = [line.amount for line in data.budget]
    fields = dict(_MISSING_FIELDS)
    if not (data.title or "").strip():  # purpose/activity is missing for want of a title
        fields["purpose"] = "title"
    problems = [Problem.of(fields[key], rules.missing_item(key))
                for key in rules.missing_items(
                    applicant_name=data.applicant_name, title=data.title, purpose=data.purpose,
                    expected_participants=data.expected_participants,
                    period_start=data.period_start, period_end=data.period_end,
                    budget=amounts)]
    found: list[tuple[str, rules.Violation | None]] = []
    if data.expected_participants:
        found.append(("expected_participants",
                      rules.participants_plausible(data.expected_participants)))
    start, end = data.period_start, data.period_end
    if start is not None:
        found.append(("period_start",
                      rules.before_activity_starts(start, today, pool.min_notice_days)))
    if start is not None and end is not None:
        order = rules.period_in_order(start, end)
        found.append(("period_end", order))
        if order is None:
            found.append(("period_end", rules.period_within_reach(start, end, pool.year)))
    found.append(("budget", rules.budget_amounts_positive(amounts)))
    found.append(("budget", rules.within_cap(data.requested, pool.cap)))
    found.append(("purposes", rules.purpose_ticked(
        (data.across_departments, data.short_notice, data.small_group), *purposes_of(pool))))
    return problems + [Problem.of(field, v) for field, v in found if v is not None]


def one_page_problem(session: Session, data: ApplicationInput, organisation: Organisation,
                     pool: Pool, department: Department | None) -> Problem | None:
    """R3: the application as every later PDF prints it takes more than one A4 page."""
    from reports.application import measure_page, page_count

    draft = measure_draft(session, data, organisation, pool, department)
    pages = page_count(draft)
    if pages <= 1:
        return None
    # Measuring how much to cut takes a few more renderings: only worth it when refusing.
    violation = rules.one_page(pages, measure_page(draft).cut)
    return Problem.of("purpose", violation) if violation is not None else None


def measure_draft(session: Session, data: ApplicationInput, organisation: Organisation,
                  pool: Pool, department: Department | None):
    """The application as the board will see it; blanks filled so that it can be measured.

    A missing date, number or department takes the widest form it can have, so the room
    measured on a half-filled form is never more than there will be.
    """
    from pulje.services.documents import draft_application_data

    filled = data.model_copy(update={
        "period_start": data.period_start or date(pool.year, 9, 28),
        "period_end": data.period_end or date(pool.year, 9, 29),
        # An implausible number is refused on its own; measure the largest plausible one.
        "expected_participants": min(data.expected_participants or rules.MAX_PARTICIPANTS,
                                     rules.MAX_PARTICIPANTS),
    })
    return draft_application_data(filled, organisation, pool,
                                  department or widest_department(session, organisation))


def widest_department(session: Session, organisation: Organisation) -> Department:
    """The organisation's department with the longest name, for measuring before one is chosen."""
    departments = session.exec(select(Department).where(
        Department.organisation_id == organisation.id,
        Department.retired == False)).all()  # noqa: E712
    if not departments:
        return Department(organisation_id=id_of(organisation), number="", name="")
    return max(departments, key=lambda d: len(f"{d.number} {d.name}"))


def application_problems(session: Session, organisation: Organisation, pool: Pool,
                         data: ApplicationInput, today: date) -> list[Problem]:
    """Every reason this application cannot be accepted, R3 included; empty if none."""
    department = session.exec(
        select(Department).where(Department.organisation_id == organisation.id,
                                 Department.number == (data.department_number or "").strip())
    ).first()
    if department is not None and department.retired:  # takes no applications
        department = None
    problems = rule_problems(data, pool, today)
    if department is None:
        problems.insert(0, Problem("department", "input", "Vælg den afdeling, du bor i."))
    page = one_page_problem(session, data, organisation, pool, department)
    if page is not None:
        problems.append(page)
    return problems


def submit_application(
    session: Session, organisation_id: int, data: ApplicationInput, *,
    today: date, actor: Actor | None = None,
) -> Application:
    """Check and store a new application on ``today``; returns it with its reference and token."""
    with clock.frozen(today):
        return _submit(session, organisation_id, data, today=today, actor=actor)


def _submit(session: Session, organisation_id: int, data: ApplicationInput, *, today: date,
            actor: Actor | None) -> Application:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Organisationen findes ikke.")
    pool = open_pool(session, organisation_id, today)
    problems = application_problems(session, organisation, pool, data, today)
    if problems:
        raise ApplicationRefused(problems)
    department = find_department(session, organisation_id, data.department_number)

    pool = lock_pool(session, id_of(pool))
    number = pool.next_number
    pool.next_number = number + 1
    application = Application(
        pool_id=id_of(pool), department_id=id_of(department), reference=f"{pool.year}-{number:04d}",
        public_token=secrets.token_urlsafe(32),
        **data.model_dump(exclude={"department_number", "budget"}),
        requested=data.requested,
    )
    session.add(application)
    session.flush()
    for position, line in enumerate(data.budget, start=1):
        session.add(BudgetLine(application_id=id_of(application), position=position,
                               description=line.description.strip(), amount=line.amount))
    audit.record(session, actor or Actor.resident(data.applicant_name), "submit",
                 application=application, to_state=application.state)
    session.flush()
    refresh_case(session, id_of(application))
    refresh_pairs(session, application)
    notifications.application_submitted(session, application)
    return application
