"""Column types shared by the models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC instant is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# The instant every stamp (audit entry, decision, payment record) takes while a past day is
# replayed — the demo's year of cases, a test's ledger — so the audit trail tells the real dates.
_pinned_now: ContextVar[datetime | None] = ContextVar("pinned_now", default=None)


def utcnow() -> datetime:
    """Now, as an aware UTC instant (the pinned instant inside ``clock_at``)."""
    return _pinned_now.get() or datetime.now(UTC)


@contextmanager
def clock_at(instant: datetime) -> Iterator[None]:
    """Stamp everything done inside the block with ``instant`` (aware) instead of now."""
    if instant.tzinfo is None:
        raise ValueError("clock_at needs an aware instant")
    token = _pinned_now.set(instant.astimezone(UTC))
    try:
        yield
    finally:
        _pinned_now.reset(token)
