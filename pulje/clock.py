"""The one clock every step takes its date and time from.

Real time by default; ``frozen(day)`` sets the day for everything run inside it (the CLI's
``--today``, a service told which day it is, a test). What a step records — decision dates,
audit entries, payments, letters — comes from here, so a step run "on" 10.11.2026 records that
day in Europe/Copenhagen. Nothing else in the product reads the system clock (a test greps).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from workflows.clock import COPENHAGEN as LOCAL

_day: ContextVar[date | None] = ContextVar("pulje_clock_day", default=None)
_instant: ContextVar[datetime | None] = ContextVar("pulje_clock_instant", default=None)


def now() -> datetime:
    """Now as an aware UTC instant; on a frozen day, that day at the real time of day;
    inside ``pinned``, the pinned instant."""
    if (instant := _instant.get()) is not None:
        return instant
    real = datetime.now(UTC)
    day = _day.get()
    if day is None:
        return real
    # Keeping the real time of day keeps the steps of one run in the order they happened.
    local = real.astimezone(LOCAL)
    return datetime.combine(day, local.time().replace(tzinfo=None),
                            tzinfo=LOCAL).astimezone(UTC)


def today() -> date:
    """Today's date in Europe/Copenhagen (the frozen day inside ``frozen``)."""
    if (instant := _instant.get()) is not None:
        return local_date(instant)
    day = _day.get()
    return day if day is not None else datetime.now(LOCAL).date()


def local_date(instant: datetime) -> date:
    """The Copenhagen calendar day of an instant (what a letter or a rule calls 'the date')."""
    return instant.astimezone(LOCAL).date()


@contextmanager
def frozen(day: date | None) -> Iterator[date]:
    """Run the block on ``day`` (None: real time); nests and restores on exit."""
    token = _day.set(day if day is not None else _day.get())
    try:
        yield today()
    finally:
        _day.reset(token)


@contextmanager
def pinned(instant: datetime) -> Iterator[None]:
    """Stamp everything done inside the block with ``instant`` (aware), e.g. the demo's story."""
    if instant.tzinfo is None:
        raise ValueError("pinned needs an aware instant")
    token = _instant.set(instant.astimezone(UTC))
    try:
        yield
    finally:
        _instant.reset(token)
