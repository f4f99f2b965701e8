"""Money as integer øre: parsing what people type, and showing it the Danish way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    format_decimal,
    get_currency_symbol,
    parse_decimal,
    parse_pattern,
)

_CURRENCY_WORDS = ("kroner", "kr.", "kr", "dkk", ",-", ".-")
_CURRENCY_PREFIXES = ("kroner", "kr.", "kr", "dkk")


class AmountError(ValueError):
    """Raised when a typed amount cannot be read as kroner and øre."""


def _strip_currency(text: str) -> str:
    cleaned = text.strip().lower().replace("\xa0", " ")
    changed = True
    while changed:
        changed = False
        for word in _CURRENCY_WORDS:
            if cleaned.endswith(word):
                cleaned = cleaned[: -len(word)].strip()
                changed = True
        for word in _CURRENCY_PREFIXES:
            if cleaned.startswith(word):
                cleaned = cleaned[len(word):].strip()
                changed = True
                break
    return cleaned.replace(" ", "")


def _refuse_if_ambiguous(cleaned: str, as_decimal: Decimal) -> None:
    """'20.00' or '8.40': a decimal point, or a thousands point with a digit missing?

    With one to three digits before the point, a Danish reader may have meant thousands
    ('8.400' is 8.400 kr.), so both readings are shown instead of picking one. '1234.50'
    cannot be thousands and is read as a decimal point.
    """
    whole, fraction = cleaned.split(".")
    if not 1 <= len(whole) <= 3 or len(fraction) >= 3:
        return
    thousands = Decimal(whole + fraction.ljust(3, "0"))
    raise AmountError(
        f"»{cleaned}« kan læses på to måder: {format_money(int(as_decimal * 100))} eller "
        f"{format_money(int(thousands * 100))} – skriv øre med komma (fx "
        f"{kroner(int(as_decimal * 100))}) og tusinder med punktum (fx "
        f"{kroner(int(thousands * 100)).split(',')[0]})."
    )


def _to_decimal(cleaned: str) -> Decimal:
    # Danish first ("1.234,50", "20.000"); a lone decimal point ("1234.50") as people type it
    # on an English keyboard is the fallback, which Babel's strict Danish parser refuses.
    try:
        return parse_decimal(cleaned, locale="da_DK", strict=True)
    except NumberFormatError:
        pass
    if cleaned.count(".") == 1 and "," not in cleaned:
        try:
            value = parse_decimal(cleaned, locale="en_US", strict=True)
        except NumberFormatError:
            pass
        else:
            _refuse_if_ambiguous(cleaned, value)
            return value
    raise AmountError(f"»{cleaned}« er ikke et beløb. Skriv fx 1.234,50 eller 20.000.")


def parse_amount(text: str | int | Decimal, *, allow_negative: bool = False) -> int:
    """Read an amount in kroner as typed ("20.000", "1.234,50", "1234.50 kr.") into øre."""
    if isinstance(text, bool):
        raise AmountError("Beløbet mangler.")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = _strip_currency(str(text))
        if not cleaned:
            raise AmountError("Beløbet mangler.")
        negative = cleaned.startswith("-")
        body = cleaned.lstrip("-+")
        if not body or not all(ch.isdigit() or ch in ".," for ch in body):
            raise AmountError(f"»{text.strip()}« er ikke et beløb. Skriv fx 1.234,50 eller 20.000.")
        value = _to_decimal(body)
        if negative:
            value = -value
    try:
        ore = value * 100
        if ore != ore.to_integral_value():
            raise AmountError("Beløbet kan højst have to decimaler (øre).")
        result = int(ore)
    except InvalidOperation as exc:
        raise AmountError("Beløbet kan ikke læses.") from exc
    if result < 0 and not allow_negative:
        raise AmountError("Beløbet kan ikke være negativt.")
    if abs(result) > 10**13:
        raise AmountError("Beløbet er urimeligt stort.")
    return result


# Babel parses a locale name on every call, half of the time of formatting an amount; the
# parsed Locale is the same object every time, so it is looked up once per name.
_locale = lru_cache(maxsize=8)(Locale.parse)


@lru_cache(maxsize=8)
def _kroner_pattern(locale: str) -> NumberPattern:
    """The locale's currency pattern with the krone's symbol written in, e.g. '#,##0.00 'kr.''.

    ``format_currency`` looks up the currency's name and plural form on every call, even when
    the pattern shows only the symbol (Babel 2.19's ``NumberPattern.apply``): almost half the
    time of an amount, and the yearly report formats thirteen thousand distinct ones. The
    pattern and the symbol are both Babel's; tests/test_money.py checks the output is
    ``format_currency``'s.
    """
    parsed = _locale(locale)
    symbol = get_currency_symbol("DKK", parsed).replace("'", "''")
    return parse_pattern(parsed.currency_formats["standard"].pattern.replace("¤", f"'{symbol}'"))


def format_money(ore: int, locale: str = "da_DK") -> str:
    """Show øre as Danish kroner, e.g. 2000000 -> '20.000,00 kr.'."""
    # The krone has two decimals (Babel's currency precision), as the pattern has.
    return _kroner_pattern(locale).apply(Decimal(ore).scaleb(-2), _locale(locale))


def format_number(value: int, locale: str = "da_DK") -> str:
    """Show a whole number with Danish thousands separators, e.g. 10000 -> '10.000'."""
    return format_decimal(value, locale=_locale(locale))


def kroner(ore: int) -> str:
    """Show øre as a plain Danish number without currency, e.g. '1.234,50' (for forms)."""
    return format_money(ore).replace("\xa0kr.", "").replace("kr.", "").strip()
