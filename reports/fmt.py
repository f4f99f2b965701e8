"""Danish formatting of dates, instants, numbers and user text for the documents."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from xml.sax.saxutils import escape

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from workflows import money
from workflows.clock import COPENHAGEN

__all__ = [
    "COPENHAGEN",
    "esc",
    "format_date",
    "format_days",
    "format_instant",
    "format_instant_date",
    "format_money",
    "format_number",
    "format_period",
]

# A parsed Locale, not its name: Babel would parse the name again for every date and number.
LOCALE = Locale.parse("da_DK")

# Babel's formatting, kept per value: the yearly report's appendix shows two amounts and a
# count per grant, and the same amounts (0,00 kr., round grants) recur thousands of times.
format_money = lru_cache(maxsize=16_384)(money.format_money)
format_number = lru_cache(maxsize=16_384)(money.format_number)


def format_date(day: date) -> str:
    """Show a date the Danish way, e.g. '15. maj 2023'."""
    return _babel_date(day, "d. MMMM y", locale=LOCALE)


def _local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("Tidspunktet mangler tidszone (forventer UTC).")
    return instant.astimezone(COPENHAGEN)


def format_instant(instant: datetime) -> str:
    """Show an aware instant in Copenhagen time, e.g. '3. marts 2025 kl. 10.15'."""
    local = _local(instant)
    return f"{format_date(local.date())} kl. {local:%H.%M}"


def format_instant_date(instant: datetime) -> str:
    """Show the Copenhagen calendar date of an aware instant, e.g. '3. marts 2025'."""
    return format_date(_local(instant).date())


def format_period(start: date, end: date) -> str:
    """Show a period as 'fra–til' with Danish dates; a single day once."""
    if start == end:
        return format_date(start)
    return f"{format_date(start)} – {format_date(end)}"


def format_days(value: float) -> str:
    """Show a number of days with one decimal, e.g. '12,3'."""
    return format_decimal(round(value, 1), format="#,##0.0", locale=LOCALE)


def esc(text: str) -> str:
    """Escape user text for Paragraph markup and keep the writer's line breaks."""
    lines = escape(text.replace("\r\n", "\n")).split("\n")
    return "<br/>".join(lines)
