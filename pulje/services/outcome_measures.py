"""The board's measures of what the pool reached in a year — one service for page and PDF.

Counted as of a day (a closed year as of 31 December) from the cases' dated steps, the short
reports and the departments; see reports/outcome_data.py for what each figure means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from pulje.models import Application, Department, OutcomeDepartment, OutcomeReport, Pool
from pulje.services.case_ledger import CaseDay, ledgers_on, local_day, pool_ledgers
from pulje.services.rulesets import purpose_labels
from pulje.services.year_figures import reporting_day
from reports.outcome_data import CostPerParticipant, OutcomeMeasures


def applicant_key(email: str | None, name: str) -> str:
    """Who applied, for telling first-time applicants: the e-mail, else the name, normalised."""
    email = (email or "").strip().casefold()
    if email:
        return f"@{email}"
    # Runs of whitespace as one space, none at the ends (str.split's whitespace is \s's).
    return " ".join(name.split()).casefold()


def _first_applications(session: Session, organisation_id: int) -> set[int]:
    """The ids of each applicant's first application with the organisation, all years."""
    # In the order received, so an applicant's first row is their first application.
    rows: Sequence[Any] = session.exec(
        select(Application.id, Application.applicant_email, Application.applicant_name)
        .join(Pool, col(Pool.id) == Application.pool_id)
        .where(Pool.organisation_id == organisation_id)
        .order_by(col(Application.submitted_at), col(Application.id))).all()
    first: dict[str, int] = {}
    for case_id, email, name in rows:
        first.setdefault(applicant_key(email, name), case_id)
    return set(first.values())


def _cost(values: list[int]) -> CostPerParticipant | None:
    if not values:
        return None
    values.sort()
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) // 2
    return CostPerParticipant(len(values), median, values[0], values[-1])


def _all_homes(homes: Sequence[int | None]) -> int | None:
    """The homes of every department, or None while a department's count is missing."""
    known = [h for h in homes if h]
    return sum(known) if homes and len(known) == len(homes) else None


class GivenReport(NamedTuple):
    """What the measures read of a short report: plain values, not the ORM row."""

    id: int
    participants: int
    given_on: date  # the Copenhagen day it was entered


@dataclass(frozen=True)
class PoolReports:
    """The short reports of one pool's cases: by case id, and each report's ticked departments."""

    by_case: dict[int, GivenReport]
    ticked: dict[int, set[int]]  # report id -> department ids

    def participants_by(self, day: date) -> dict[int, int]:
        """How many took part in each case, by case id, from the reports given by the end of
        ``day`` (a report counts from its own day)."""
        return {case_id: report.participants for case_id, report in self.by_case.items()
                if report.given_on <= day}


def pool_reports(session: Session, pool: Pool) -> PoolReports:
    """Every short report on ``pool``'s cases, with the departments ticked (one query)."""
    reports: dict[int, GivenReport] = {}
    ticked: dict[int, set[int]] = defaultdict(set)
    for report_id, case_id, participants, entered_at, department_id in session.exec(
            select(  # type: ignore[call-overload]  # sqlmodel: at most 4 columns
                   OutcomeReport.id, OutcomeReport.application_id, OutcomeReport.participants,
                   OutcomeReport.entered_at, OutcomeDepartment.department_id)
            .join(Application, col(Application.id) == OutcomeReport.application_id)
            .outerjoin(OutcomeDepartment, col(OutcomeDepartment.report_id) == OutcomeReport.id)
            .where(Application.pool_id == pool.id)).all():
        if case_id not in reports:
            reports[case_id] = GivenReport(report_id, participants, local_day(entered_at))
        if department_id is not None:
            ticked[report_id].add(department_id)
    return PoolReports(reports, ticked)


def outcome_measures(session: Session, pool: Pool, day: date,
                     days: Sequence[CaseDay] | None = None,
                     labels: dict[str, str] | None = None,
                     given: PoolReports | None = None) -> OutcomeMeasures:
    """The measures of ``pool``'s year as of the end of ``day``; pass the pool's cases as they
    stood that day (``days``: ``ledgers_on(pool_ledgers(…), day)``), purpose ``labels`` and
    reports (``given``) when the caller has them already (the yearly report does)."""
    if days is None:
        days = ledgers_on(pool_ledgers(session, pool), day)
    first = _first_applications(session, pool.organisation_id)
    given = given if given is not None else pool_reports(session, pool)
    reports, ticked = given.by_case, given.ticked
    homes = session.exec(select(Department.homes).where(
        Department.organisation_id == pool.organisation_id)).all()

    held = reported = participants = expected = crossing = first_time = received = 0
    reached: set[int] = set()
    costs: list[int] = []
    labels = labels if labels is not None else purpose_labels(session, pool)
    purposes = dict.fromkeys(labels, 0)
    for case, state, _granted, paid in days:
        received += 1
        first_time += case.id in first
        if not (state == "closed" or (state == "approved" and case.period_end <= day)):
            continue
        held += 1
        reached.add(case.department_id)
        for purpose in case.purposes:
            if purpose in purposes:
                purposes[purpose] += 1
        report = reports.get(case.id)
        # A report given after the day counts only once its day has come.
        if report is None or report.given_on > day:
            continue
        reported += 1
        participants += report.participants
        expected += case.participants
        departments = ticked[report.id]
        reached |= departments
        crossing += len(departments) > 1
        if state == "closed" and report.participants > 0:
            costs.append((paid + report.participants // 2) // report.participants)
    return OutcomeMeasures(
        year=pool.year, as_of=day, held=held, reported=reported, participants=participants,
        expected_of_reported=expected, departments=len(homes),
        departments_reached=len(reached), crossing=crossing,
        homes=_all_homes(homes), cost=_cost(costs),
        cases=received, first_time=first_time,
        purposes=tuple((labels[key].capitalize(), n) for key, n in purposes.items()))


def year_measures(session: Session, pool: Pool, today: date
                  ) -> tuple[OutcomeMeasures, OutcomeMeasures | None]:
    """This year's measures as of its reporting day, and last year's as of its 31 December."""
    this = outcome_measures(session, pool, reporting_day(pool.year, today))
    previous = session.exec(select(Pool).where(Pool.organisation_id == pool.organisation_id,
                                               Pool.year == pool.year - 1)).first()
    last = (outcome_measures(session, previous, reporting_day(previous.year, today))
            if previous is not None else None)
    return this, last
