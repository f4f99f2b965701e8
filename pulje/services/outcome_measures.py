"""The board's measures of what the pool reached in a year — one service for page and PDF.

Counted as of a day (a closed year as of 31 December) from the cases' dated steps, the short
reports and the departments; see reports/outcome_data.py for what each figure means.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from pulje.models import Application, Department, OutcomeDepartment, OutcomeReport, Pool
from pulje.services.case_ledger import CaseLedger, local_day, pool_ledgers
from pulje.services.rulesets import purpose_labels
from pulje.services.year_figures import reporting_day
from reports.outcome_data import CostPerParticipant, OutcomeMeasures


def applicant_key(email: str | None, name: str) -> str:
    """Who applied, for telling first-time applicants: the e-mail, else the name, normalised."""
    email = (email or "").strip().casefold()
    if email:
        return f"@{email}"
    return re.sub(r"\s+", " ", name).strip().casefold()


def _applications(session: Session, organisation_id: int) -> list:
    """Every application of the organisation, all years: this year's cases are among them,
    and the others tell who has applied before."""
    return list(session.exec(
        select(Application.id, Application.pool_id, Application.department_id,
               Application.period_end, Application.expected_participants,
               Application.applicant_email, Application.applicant_name,
               Application.submitted_at)
        .join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id)).all())


def _first_seen(rows: list) -> dict[str, tuple]:
    """Each applicant's first application, as (submitted, id)."""
    first: dict[str, tuple] = {}
    for row in rows:
        key = applicant_key(row.applicant_email, row.applicant_name)
        stamp = (row.submitted_at, row.id)
        if key not in first or stamp < first[key]:
            first[key] = stamp
    return first


def _cost(values: list[int]) -> CostPerParticipant | None:
    if not values:
        return None
    values.sort()
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) // 2
    return CostPerParticipant(len(values), median, values[0], values[-1])


@dataclass(frozen=True)
class PoolReports:
    """The short reports of one pool's cases: by case id, and each report's ticked departments."""

    by_case: dict[int, OutcomeReport]
    ticked: dict[int, set[int]]  # report id -> department ids

    def participants_by(self, day: date) -> dict[int, int]:
        """How many took part in each case, by case id, from the reports given by the end of
        ``day`` (a report counts from its own day)."""
        return {case_id: report.participants for case_id, report in self.by_case.items()
                if local_day(report.entered_at) <= day}


def pool_reports(session: Session, pool: Pool) -> PoolReports:
    """Every short report on ``pool``'s cases, with the departments ticked (one query)."""
    reports: dict[int, OutcomeReport] = {}
    ticked: dict[int, set[int]] = defaultdict(set)
    for report, department_id in session.exec(
            select(OutcomeReport, OutcomeDepartment.department_id)
            .join(Application, Application.id == OutcomeReport.application_id)
            .outerjoin(OutcomeDepartment, OutcomeDepartment.report_id == OutcomeReport.id)
            .where(Application.pool_id == pool.id)).all():
        reports[report.application_id] = report
        if department_id is not None:
            ticked[report.id].add(department_id)
    return PoolReports(reports, ticked)


def outcome_measures(session: Session, pool: Pool, day: date,
                     ledgers: Sequence[CaseLedger] | None = None,
                     labels: dict[str, str] | None = None,
                     given: PoolReports | None = None) -> OutcomeMeasures:
    """The measures of ``pool``'s year as of the end of ``day``; pass the pool's ``ledgers``,
    purpose ``labels`` and reports (``given``) when the caller has them already (the yearly
    report does)."""
    ledgers = {c.id: c for c in (ledgers if ledgers is not None
                                 else pool_ledgers(session, pool))}
    applications = _applications(session, pool.organisation_id)
    cases = [row for row in applications if row.pool_id == pool.id]
    given = given if given is not None else pool_reports(session, pool)
    reports, ticked = given.by_case, given.ticked
    homes = session.exec(select(Department.homes).where(
        Department.organisation_id == pool.organisation_id)).all()
    first = _first_seen(applications)

    held = reported = participants = expected = crossing = first_time = received = 0
    reached: set[int] = set()
    costs: list[int] = []
    labels = labels if labels is not None else purpose_labels(session, pool)
    purposes = dict.fromkeys(labels, 0)
    for case in cases:
        ledger = ledgers[case.id]
        state = ledger.state_on(day)
        if state is None:
            continue
        received += 1
        key = applicant_key(case.applicant_email, case.applicant_name)
        first_time += first[key] == (case.submitted_at, case.id)
        if not (state == "closed" or (state == "approved" and case.period_end <= day)):
            continue
        held += 1
        reached.add(case.department_id)
        for purpose in ledger.purposes:
            if purpose in purposes:
                purposes[purpose] += 1
        report = reports.get(case.id)
        # A report given after the day counts only once its day has come.
        if report is None or local_day(report.entered_at) > day:
            continue
        reported += 1
        participants += report.participants
        expected += case.expected_participants
        departments = ticked[report.id]
        reached |= departments
        crossing += len(departments) > 1
        if state == "closed" and report.participants > 0:
            paid = ledger.paid_by(day)
            costs.append((paid + report.participants // 2) // report.participants)
    return OutcomeMeasures(
        year=pool.year, as_of=day, held=held, reported=reported, participants=participants,
        expected_of_reported=expected, departments=len(homes),
        departments_reached=len(reached), crossing=crossing,
        homes=sum(homes) if homes and all(h for h in homes) else None, cost=_cost(costs),
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
