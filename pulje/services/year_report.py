"""The yearly report and the board's dashboard: one pool year as of one day, from the ledgers.

A closed year is reported as of 31 December with what happened since; the running year as of
today, marked provisional. Last year's column is last year as of its own 31 December.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from babel.dates import get_month_names
from sqlmodel import Session, select

from pulje.models import Organisation, Pool, utcnow
from pulje.services.case_ledger import CaseDay, CaseLedger, ledgers_on, pool_ledgers
from pulje.services.documents import organisation_info
from pulje.services.outcome_measures import outcome_measures, pool_reports
from pulje.services.rulesets import purpose_labels, rule_history
from pulje.services.year_figures import (
    YearFigures,
    figures_from_days,
    figures_from_ledgers,
    money_figures,
    movement,
    reporting_day,
)
from reports.year_data import (
    AppendixRow,
    DepartmentRow,
    Durations,
    MonthRow,
    OpenGrantRow,
    PurposeRow,
    YearReport,
    YearSummary,
)
from workflows.application import RELEASED_STATES, STATE_LABELS

# Departments beyond this many (by money granted) are summed in one "others" row, so the
# report stays a few pages at national scale; the appendix still lists every grant.
TOP_DEPARTMENTS = 15
TOP_REJECTION_REASONS = 5
MONTHS = get_month_names("wide", locale="da_DK")


def durations(days: Sequence[int]) -> Durations:
    """Median and 90th percentile (inclusive method) of a list of day counts."""
    if not days:
        return Durations(0, None, None)
    if len(days) == 1:
        return Durations(1, float(days[0]), float(days[0]))
    p90 = statistics.quantiles(days, n=10, method="inclusive")[8]
    return Durations(len(days), float(statistics.median(days)), float(p90))


def _summary(figures: YearFigures, ledgers: Sequence[CaseLedger]) -> YearSummary:
    day = figures.as_of
    decided = [c for c in ledgers if c.decided_on is not None and c.decided_on <= day]
    return YearSummary(
        year=figures.year, as_of=day, final=figures.final, money=money_figures(figures),
        received=figures.received, grants=figures.grants, rejected=figures.count("rejected"),
        requested=figures.requested, requested_by_grants=figures.requested_by_grants,
        decision_days=durations([(c.decided_on - c.received_on).days for c in decided
                                 if c.decided_on is not None]),
        payment_days=durations([(c.first_paid_on - c.approved_on).days for c in decided
                                if c.approved_on is not None and c.first_paid_on is not None
                                and c.first_paid_on <= day]))


def _months(year: int, ledgers: Sequence[CaseLedger], day: date) -> tuple[MonthRow, ...]:
    """Applications, grants and payments per month of the year, up to ``day``."""
    buckets: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def bucket(when: date) -> int:
        # Before the year (a pool open early) counts in January; a closed year stops at 31.12.
        return 1 if when.year < year else when.month

    for case in ledgers:
        if case.received_on <= day:
            buckets[bucket(case.received_on)][0] += 1
        approved = case.approved_on
        if approved is not None and approved <= day:
            buckets[bucket(approved)][1] += 1
            buckets[bucket(approved)][2] += case.granted or 0
        for when, amount in case.payments:
            if when <= day:
                buckets[bucket(when)][3] += amount
    last_month = day.month if day.year == year else 12
    return tuple(MonthRow(MONTHS[m], *buckets[m]) for m in range(1, last_month + 1))


def _departments(days: Sequence[CaseDay]) -> tuple[DepartmentRow, ...]:
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for case, _state, granted, paid in days:
        row = rows[case.department]
        row[0] += 1
        if granted:
            row[1] += 1
            row[2] += granted
            row[4] += case.participants
        row[3] += paid
    ordered = sorted(rows.items(), key=lambda item: (-item[1][2], -item[1][0], item[0]))
    shown = [DepartmentRow(label, *values) for label, values in ordered[:TOP_DEPARTMENTS]]
    rest = ordered[TOP_DEPARTMENTS:]
    if rest:
        sums = [sum(values[i] for _, values in rest) for i in range(5)]
        shown.append(DepartmentRow(f"Øvrige {len(rest)} afdelinger", *sums))
    return tuple(shown)


def _purposes(days: Sequence[CaseDay], labels: dict[str, str]) -> (
        tuple[tuple[PurposeRow, ...], int]):
    """Per purpose of the pool's current rules (``labels``: slot → text)."""
    rows = []
    for key, label in labels.items():
        ticked = [granted for case, _state, granted, _paid in days if key in case.purposes]
        granted = [amount for amount in ticked if amount]
        rows.append(PurposeRow(label[:1].upper() + label[1:], len(ticked), len(granted),
                               sum(granted)))
    return tuple(rows), sum(1 for case, *_ in days if case.purposes)


def _rules_named(session: Session, pool: Pool) -> str:
    """The current rules' title; once they have changed during the year, with the versions."""
    history = rule_history(session, pool)
    if len(history) <= 1:
        return pool.rule_version
    versions = "; ".join(f"version {r.version} fra {r.valid_from:%d.%m.%Y}" for r in history)
    return f"{pool.rule_version} ({versions})"


def _rejections(days: Sequence[CaseDay]) -> tuple[tuple[str, int], ...]:
    reasons = Counter((case.rejection_reason or "").strip() or "(ingen begrundelse)"
                      for case, state, _granted, _paid in days if state == "rejected")
    common = reasons.most_common()
    shown = common[:TOP_REJECTION_REASONS]
    rest = sum(n for _, n in common[TOP_REJECTION_REASONS:])
    return tuple(shown) + ((("Øvrige begrundelser", rest),) if rest else ())


def _open_grants(days: Sequence[CaseDay], day: date) -> tuple[OpenGrantRow, ...]:
    rows = [OpenGrantRow(c.reference, c.department, c.title, granted, paid,
                         c.invoice_deadline, c.invoice_deadline < day)
            for c, state, granted, paid in days if state == "approved"]
    return tuple(sorted(rows, key=lambda r: (not r.overdue, r.deadline, r.reference)))


def _appendix(days: Sequence[CaseDay], took_part: dict[int, int]) -> tuple[AppendixRow, ...]:
    return tuple(AppendixRow(c.reference, c.department, c.title, c.participants, granted, paid,
                             STATE_LABELS[state], took_part.get(c.id))
                 for c, state, granted, paid in days if granted)


def previous_pool(session: Session, pool: Pool) -> Pool | None:
    """The organisation's pool of the year before ``pool``'s, if there was one."""
    return session.exec(select(Pool).where(Pool.organisation_id == pool.organisation_id,
                                           Pool.year == pool.year - 1)).first()


def build_year_report(session: Session, pool: Pool, today: date) -> YearReport:
    """Everything the yearly report and the board's dashboard show about ``pool``'s year."""
    ledgers = pool_ledgers(session, pool)
    day = reporting_day(pool.year, today)
    # Each case as it stood on the report's day, worked out once for every table below.
    days = ledgers_on(ledgers, day)
    figures = figures_from_days(pool, days, day)
    since = None
    if figures.final and today > day:
        since = movement(figures, figures_from_ledgers(pool, ledgers, today))
    last = last_measures = None
    previous = previous_pool(session, pool)
    if previous is not None:
        last_day = reporting_day(previous.year, today)
        last_ledgers = pool_ledgers(session, previous)
        last_days = ledgers_on(last_ledgers, last_day)
        last = _summary(figures_from_days(previous, last_days, last_day), last_ledgers)
        last_measures = outcome_measures(session, previous, last_day, last_days)
    labels = purpose_labels(session, pool)
    purposes, purpose_cases = _purposes(days, labels)
    reports = pool_reports(session, pool)
    measures = outcome_measures(session, pool, day, days, labels, reports)
    return YearReport(
        organisation=organisation_info(session.get_one(Organisation, pool.organisation_id)),
        this=_summary(figures, ledgers), last=last, since=since, now_day=today,
        cap=int(pool.cap), rule_version=_rules_named(session, pool),
        rule_approved_on=pool.rule_approved_on,
        released_by_cause=tuple((cause, getattr(figures, f"released_{cause}"))
                                for cause in RELEASED_STATES),
        by_state=tuple((STATE_LABELS[state], n) for state, n in figures.by_state),
        months=_months(pool.year, ledgers, day), departments=_departments(days),
        purposes=purposes, purpose_cases=purpose_cases, rejections=_rejections(days),
        open_grants=_open_grants(days, day),
        appendix=_appendix(days, reports.participants_by(day)),
        generated_at=utcnow(), measures=measures, last_measures=last_measures)
