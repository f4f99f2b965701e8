"""Danish kroner for pages that show thousands of amounts (the dashboard, its charts, the queue).

``workflows.money.format_money`` asks Babel for every amount: about 75 µs each, which was most
of the board dashboard's time (27.000 amounts with 700 departments and 5.000 grants). ``money``
gives the very same text from integer arithmetic, with the separators and the currency sign
read once from Babel's own output; if that output ever has another shape (another Babel or
CLDR version), it is Babel's function that is used.
"""

from __future__ import annotations

from collections.abc import Callable

from workflows.money import format_money

_SAMPLE = 123_456_789  # 1.234.567,89 kr.


def _fast_formatter() -> Callable[[int], str] | None:
    text = format_money(_SAMPLE)
    negative = format_money(-_SAMPLE)
    group, decimal = text[1], text[text.index("89") - 1]
    if not text.startswith(f"1{group}234{group}567{decimal}89") or negative != "-" + text:
        return None
    suffix = text[len(f"1{group}234{group}567{decimal}89"):]

    def money(ore: int) -> str:
        if type(ore) is not int:  # Decimal, bool or anything unusual: Babel decides
            return format_money(ore)
        sign = "-" if ore < 0 else ""
        kroner, rest = divmod(abs(ore), 100)
        return f"{sign}{kroner:,}".replace(",", group) + f"{decimal}{rest:02d}{suffix}"

    samples = (0, 1, -1, 5, 99, 100, -250, 99_999, 100_000, 2_000_000, -2_000_000, _SAMPLE,
               10**13, -(10**13), 1_000_000_00, 12_345_67)
    return money if all(money(v) == format_money(v) for v in samples) else None


money: Callable[[int], str] = _fast_formatter() or format_money
