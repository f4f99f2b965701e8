"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from pulje import clock


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
def utcnow() -> datetime:
    """Now, as an aware UTC instant, from the one clock (pulje.clock)."""
    return clock.now()


# Stamp everything done inside the block with an aware instant (pulje.clock.pinned).
clock_at = clock.pinned
