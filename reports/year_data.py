"""The yearly report's plain data: a pool year as of one day, and the board's usual questions.

Money is integer øre; dates are ``date``. Every total in the report is the sum of rows given
here, except the purposes, which overlap (a case may tick several) and are never summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reports.data import OrganisationInfo
from reports.outcome_data import OutcomeMeasures


@dataclass(frozen=True)
class MonthRow:
    label: str  # "januar", or "efter 31.12." for what came after the year
    received: int
    grants: int
    granted: int
    paid: int


@dataclass(frozen=True)
class DepartmentRow:
    label: str  # "12 Solbakken", or "Øvrige 40 afdelinger"
    applications: int
    grants: int
    granted: int
    paid: int
    participants: int


@dataclass(frozen=True)
class PurposeRow:
    label: str
    cases: int  # applications that ticked the purpose
    grants: int
    granted: int


@dataclass(frozen=True)
class OpenGrantRow:
    reference: str
    department: str
    title: str
    granted: int
    paid: int
    deadline: date
    overdue: bool

    @property
    def remaining(self) -> int:
        return self.granted - self.paid


@dataclass(frozen=True)
class AppendixRow:
    reference: str
    department: str
    title: str
    participants: int
    granted: int
    paid: int
    state: str  # Danish label, as of the report's day
    took_part: int | None = None  # from the short report given by the report's day; else None


@dataclass(frozen=True)
class Durations:
    """Days between two steps over the cases that took both: how many, median, 90th percentile."""

    cases: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class YearSummary:
    """The headline of one year as of one day: its money and counts (for last year's column)."""

    year: int
    as_of: date
    final: bool
    money: dict[str, int]  # keys of reports.vocabulary.FIGURE_LABELS
    received: int
    grants: int
    rejected: int
    requested: int
    requested_by_grants: int
    decision_days: Durations
    payment_days: Durations


@dataclass(frozen=True)
class YearReport:
    organisation: OrganisationInfo
    this: YearSummary
    last: YearSummary | None
    since: dict[str, int] | None  # movement after 31.12 of a closed year, up to ``now_day``
    now_day: date
    cap: int
    rule_version: str
    rule_approved_on: date
    released_by_cause: tuple[tuple[str, int], ...]  # (cause key, øre), as of the report's day
    by_state: tuple[tuple[str, int], ...]  # (Danish label, count)
    months: tuple[MonthRow, ...]
    departments: tuple[DepartmentRow, ...]
    purposes: tuple[PurposeRow, ...]
    purpose_cases: int  # distinct applications that ticked at least one purpose
    rejections: tuple[tuple[str, int], ...]  # (reason, count), most frequent first
    open_grants: tuple[OpenGrantRow, ...]  # overdue first, then by deadline
    appendix: tuple[AppendixRow, ...]
    generated_at: datetime | None = None
    # What the pool reached (issue 20): this year's measures, and last year's beside them.
    measures: OutcomeMeasures | None = None
    last_measures: OutcomeMeasures | None = None
