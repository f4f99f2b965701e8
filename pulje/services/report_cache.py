"""The dashboard's year report, kept between views and revalidated, not rebuilt, while nothing
it reads has moved.

The year report is computed from every case's ledger of the year and the year before (the
audit trail and the payments), and the open-data check reads every grant's public text: most
of a second for a national-scale pool, several seconds under load. The board looks at the same
figures many times between two case events, so the report is kept per process, keyed by the
pool's own columns, the previous pool's and the report's day, and stamped with the newest audit
entry of the two pool years' cases. Every transition, payment and short report writes an audit
entry, so a changed figure changes the stamp; a grant's public text is written at the approval
and anonymised by retention, both audited.

A view first reads the newest audit entry of the whole trail (one index lookup); only when it
has moved since the last check is the two years' own newest entry looked up (a join), so
activity in other organisations costs one extra query, not a new report.

What the report reads that writes no audit entry — the organisation's name and address, its
departments (names, numbers, homes) and the two pools' rule sets — is compared every
``MAX_AGE`` seconds: a few small indexed queries. The report is rebuilt only when one of them
(or the audit stamp) has changed; otherwise it is kept for another ``MAX_AGE``. So such an edit
shows after at most ``MAX_AGE`` seconds, and a board looking at a quiet year never waits for a
rebuild.

Each process (gunicorn worker) keeps its own reports: a change costs one build per worker, on
that worker's next view of the pool.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine, func
from sqlmodel import Session, col, select

from pulje.models import Application, AuditEntry, Department, Organisation, Pool, RuleSet
from pulje.models.ids import id_of
from pulje.services.open_data import PublicTextWarning, open_data_warnings
from pulje.services.year_report import build_year_report, previous_pool
from reports.year_data import YearReport

MAX_AGE = 60.0  # seconds
MAX_ENTRIES = 32


@dataclass(frozen=True)
class BoardOverview:
    """What the dashboard shows of a pool year: the year report and the open-data check."""

    report: YearReport
    open_data_warnings: tuple[PublicTextWarning, ...]
    # What a view derives from the overview alone (the dashboard's figures as HTML, per
    # language), kept as long as the overview is: a kept report is the same object from view
    # to view, a rebuilt one starts empty.
    views: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass
class _Entry:
    overview: BoardOverview
    last_audit_id: int  # newest audit entry of the whole trail when last checked
    pool_audit_id: int  # newest audit entry of the two pool years' cases
    unaudited: tuple  # what the report reads that writes no audit entry (_unaudited)
    checked_at: float  # when ``unaudited`` was last compared


# Per engine, so two databases in one process (the tests) never share a report.
_caches: weakref.WeakKeyDictionary[Engine | Connection, OrderedDict[tuple, _Entry]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _row(row) -> tuple:
    return tuple(getattr(row, column.name) for column in type(row).__table__.columns)


def _pool_key(pool: Pool) -> tuple:
    return _row(pool)


def _last_audit_id(session: Session) -> int:
    return session.exec(select(func.max(AuditEntry.id))).one() or 0


def _pools_audit_id(session: Session, pool_ids: list[int]) -> int:
    return session.exec(
        select(func.max(AuditEntry.id))
        .join(Application, col(Application.id) == AuditEntry.application_id)
        .where(col(Application.pool_id).in_(pool_ids))).one() or 0


def _unaudited(session: Session, pool: Pool, pool_ids: list[int]) -> tuple:
    """What the report reads that no audit entry records: the organisation's row, its
    departments' and the two pools' rule sets (each read by an index on its owner)."""
    organisation = session.get_one(Organisation, pool.organisation_id)
    departments = session.exec(select(Department)
                               .where(Department.organisation_id == pool.organisation_id)
                               .order_by(col(Department.id))).all()
    rule_sets = session.exec(select(RuleSet).where(col(RuleSet.pool_id).in_(pool_ids))
                             .order_by(col(RuleSet.id))).all()
    return (_row(organisation), tuple(map(_row, departments)), tuple(map(_row, rule_sets)))


def build_overview(session: Session, pool: Pool, today: date) -> BoardOverview:
    """The year report and the open-data check, computed afresh."""
    return BoardOverview(build_year_report(session, pool, today),
                         tuple(open_data_warnings(session, pool)))


def board_overview(session: Session, pool: Pool, today: date, *,
                   pools: Mapping[int, Pool] | None = None,
                   clock: Callable[[], float] = time.monotonic) -> BoardOverview:
    """``build_overview(session, pool, today)``, reused while nothing it reads has moved.

    ``pools`` are the organisation's pools by year if the caller has read them already (the
    previous year's is then taken from them, not looked up)."""
    previous = (previous_pool(session, pool) if pools is None
                else pools.get(pool.year - 1))
    key = (_pool_key(pool), _pool_key(previous) if previous else None, today)
    pool_ids = [id_of(pool)] + ([id_of(previous)] if previous else [])
    last_audit_id = _last_audit_id(session)
    now = clock()
    with _lock:
        entries = _caches.setdefault(session.get_bind(), OrderedDict())
        entry = entries.get(key)
    pool_audit_id = unaudited = None
    if entry is not None:
        if entry.last_audit_id != last_audit_id:
            pool_audit_id = _pools_audit_id(session, pool_ids)
        if pool_audit_id in (None, entry.pool_audit_id):
            entry.last_audit_id = last_audit_id
            if now - entry.checked_at <= MAX_AGE:
                return entry.overview
            # Old enough to look at what the audit trail does not show; if that stands
            # still too, the report is still right.
            unaudited = _unaudited(session, pool, pool_ids)
            if unaudited == entry.unaudited:
                entry.checked_at = now
                return entry.overview
    if pool_audit_id is None:
        pool_audit_id = _pools_audit_id(session, pool_ids)
    if unaudited is None:
        unaudited = _unaudited(session, pool, pool_ids)
    overview = build_overview(session, pool, today)
    with _lock:
        entries[key] = _Entry(overview, last_audit_id, pool_audit_id, unaudited, now)
        entries.move_to_end(key)
        while len(entries) > MAX_ENTRIES:
            entries.popitem(last=False)
    return overview
