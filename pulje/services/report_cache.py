"""The dashboard's year report, kept between views while the audit trail has not moved.

The year report is computed from every case's ledger of the year and the year before (the
audit trail and the payments), and the open-data check reads every grant's public text: most
of a second for a national-scale pool. The
board looks at the same figures many times between two case events, so the report is kept
per process, keyed by the pool's own columns, the report's day and the newest audit entry
of the two pool years' cases. Every transition and payment writes an audit entry, so a
changed figure changes the key; a grant's public text is written at the approval and
anonymised by retention, both audited. Edits that write no audit entry (a department's name)
show after at most ``MAX_AGE`` seconds.

The newest audit entry of the whole trail (one index lookup) is read first; only when it has
moved since the report was computed is the two years' own newest entry looked up, so activity
in other organisations costs one extra query, not a new report.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine, func
from sqlmodel import Session, select

from pulje.models import Application, AuditEntry, Pool
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


def build_overview(session: Session, pool: Pool, today: date) -> BoardOverview:
    return BoardOverview(build_year_report(session, pool, today),
                         tuple(open_data_warnings(session, pool)))


@dataclass
class _Entry:
    overview: BoardOverview
    last_audit_id: int  # newest audit entry of the whole trail when last checked
    pool_audit_id: int  # newest audit entry of the two pool years' cases
    stored_at: float


# Per engine, so two databases in one process (the tests) never share a report.
_caches: weakref.WeakKeyDictionary[Engine | Connection, OrderedDict[tuple, _Entry]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _pool_key(pool: Pool) -> tuple:
    return tuple(getattr(pool, column.name) for column in Pool.__table__.columns)


def _last_audit_id(session: Session) -> int:
    return session.exec(select(func.max(AuditEntry.id))).one() or 0


def _pools_audit_id(session: Session, pool_ids: list[int]) -> int:
    return session.exec(
        select(func.max(AuditEntry.id))
        .join(Application, Application.id == AuditEntry.application_id)
        .where(Application.pool_id.in_(pool_ids))).one() or 0


def board_overview(session: Session, pool: Pool, today: date, *,
                   clock: Callable[[], float] = time.monotonic) -> BoardOverview:
    """``build_overview(session, pool, today)``, reused while nothing it reads has moved."""
    previous = previous_pool(session, pool)
    key = (_pool_key(pool), _pool_key(previous) if previous else None, today)
    last_audit_id = _last_audit_id(session)
    now = clock()
    with _lock:
        entries = _caches.setdefault(session.get_bind(), OrderedDict())
        entry = entries.get(key)
    if entry is not None and now - entry.stored_at <= MAX_AGE:
        if entry.last_audit_id == last_audit_id:
            return entry.overview
        pool_ids = [pool.id] + ([previous.id] if previous else [])
        if _pools_audit_id(session, pool_ids) == entry.pool_audit_id:
            entry.last_audit_id = last_audit_id
            return entry.overview
    pool_ids = [pool.id] + ([previous.id] if previous else [])
    pool_audit_id = _pools_audit_id(session, pool_ids)
    overview = build_overview(session, pool, today)
    with _lock:
        entries[key] = _Entry(overview, last_audit_id, pool_audit_id, now)
        entries.move_to_end(key)
        while len(entries) > MAX_ENTRIES:
            entries.popitem(last=False)
    return overview
