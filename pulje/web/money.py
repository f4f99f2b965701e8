"""Danish kroner for pages that show thousands of amounts (the dashboard, its charts, the queue).

Babel formats each amount in about 75 µs, which was most of the board dashboard's time
(27.000 amounts with 700 departments and 5.000 grants). The same amounts come back on every
view of a year, so Babel's answers are remembered rather than formatting being written by hand.
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_percent

from workflows.money import format_money

money = lru_cache(maxsize=200_000)(format_money)


def percent(share: float | None) -> str:
    """A share as a Danish percentage, e.g. 1.19 -> '119 %'; '–' when there is none."""
    return "–" if share is None else format_percent(share, locale="da_DK")
