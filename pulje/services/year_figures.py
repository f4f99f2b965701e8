"""A pool year's figures as of any day, from the audit trail (each case's state on that day).

The dashboard, the yearly report, ``pulje pool`` and the exports read these figures and name
them with ``reports.vocabulary.FIGURE_LABELS``, so a figure has one name and one value wherever a
person reads it. A past year is reported as of 31 December; what happened after is the movement
"siden" between that day and today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from pulje.models import Pool
from pulje.services.case_ledger import CaseDay, CaseLedger, ledgers_on, pool_ledgers
from workflows.application import RELEASED_STATES, STATES


@dataclass(frozen=True)
class YearFigures:
    """The money and the counts of one pool year at the end of ``as_of``.

    paid + committed + available = total, and granted = paid + committed + released: money
    released from a closed, lapsed or withdrawn case went back to the pool and may be granted
    again, so granted may exceed the total without the pool being overspent.
    """

    year: int
    as_of: date
    total: int
    cap: int
    received: int  # applications received
    requested: int  # Σ applied for, all applications received
    grants: int  # applications granted
    requested_by_grants: int  # Σ applied for on the granted applications
    granted: int
    paid: int
    committed: int  # granted, not paid, on grants still open
    released_closed: int
    released_lapsed: int
    released_withdrawn: int
    by_state: tuple[tuple[str, int], ...]  # (state, count) in lifecycle order

    @property
    def released(self) -> int:
        return self.released_closed + self.released_lapsed + self.released_withdrawn

    @property
    def used(self) -> int:
        return self.paid + self.committed

    @property
    def available(self) -> int:
        return self.total - self.used

    @property
    def final(self) -> bool:
        """True once the pool year is over on ``as_of`` (the figures are not provisional)."""
        return self.as_of >= date(self.year, 12, 31)

    def count(self, state: str) -> int:
        return dict(self.by_state).get(state, 0)


def figures_from_ledgers(pool: Pool, ledgers: Sequence[CaseLedger], as_of: date) -> YearFigures:
    """Sum the cases' ledgers as they stood at the end of ``as_of``."""
    return figures_from_days(pool, ledgers_on(ledgers, as_of), as_of)


def figures_from_days(pool: Pool, days: Sequence[CaseDay], as_of: date) -> YearFigures:
    """Sum the cases as they stood at the end of ``as_of`` (``ledgers_on(ledgers, as_of)``)."""
    counts = dict.fromkeys(STATES, 0)
    received = requested = grants = requested_by_grants = 0
    granted = paid = committed = 0
    released = dict.fromkeys(RELEASED_STATES, 0)
    for case, state, case_granted, case_paid in days:
        counts[state] += 1
        received += 1
        requested += case.requested
        paid += case_paid
        if not case_granted:
            continue
        grants += 1
        requested_by_grants += case.requested
        granted += case_granted
        if state in RELEASED_STATES:
            released[state] += case_granted - case_paid
        else:
            committed += case_granted - case_paid
    return YearFigures(
        year=pool.year, as_of=as_of, total=int(pool.total), cap=int(pool.cap),
        received=received, requested=requested, grants=grants,
        requested_by_grants=requested_by_grants, granted=granted, paid=paid,
        committed=committed, released_closed=released["closed"],
        released_lapsed=released["lapsed"], released_withdrawn=released["withdrawn"],
        by_state=tuple((state, counts[state]) for state in STATES))


def year_figures(session: Session, pool: Pool, as_of: date) -> YearFigures:
    """The pool year's figures at the end of ``as_of`` (Copenhagen calendar day)."""
    return figures_from_ledgers(pool, pool_ledgers(session, pool), as_of)


def reporting_day(year: int, today: date) -> date:
    """The day a year is reported as of: 31 December once it is over, else today."""
    return min(today, date(year, 12, 31))


def money_figures(figures: YearFigures) -> dict[str, int]:
    """The six money figures by their vocabulary key (reports.vocabulary.FIGURE_LABELS)."""
    return {"total": figures.total, "granted": figures.granted, "paid": figures.paid,
            "committed": figures.committed, "released": figures.released,
            "available": figures.available}


def movement(earlier: YearFigures, later: YearFigures) -> dict[str, int]:
    """What each money figure moved from ``earlier`` to ``later`` (the "siden" column)."""
    before, after = money_figures(earlier), money_figures(later)
    return {key: after[key] - before[key] for key in after}
