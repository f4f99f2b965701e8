"""Reading single UBL values (text, dates, amounts) from hostile input without surprises."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from xml.etree.ElementTree import Element

from pulje.einvoice.model import INVALID, MISSING, EInvoiceError

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}

# xsd:date, optionally with a time zone; UBL allows nothing else.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")
# xsd:decimal: no exponent, no thousands separators, no NaN/Infinity that Decimal would accept.
_DECIMAL = re.compile(r"[+-]?(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})")
_CURRENCY = re.compile(r"[A-Z]{3}")
# Far beyond any grant, small enough that int/Decimal work stays trivial on hostile input.
MAX_ORE = 10**13


def find(parent: Element | None, path: str) -> Element | None:
    """The first element at a cac:/cbc: path below parent, or None."""
    if parent is None:
        return None
    return parent.find(path, NS)


def text(parent: Element | None, path: str) -> str | None:
    """The element's text with whitespace collapsed, or None when absent or empty."""
    element = find(parent, path)
    if element is None or element.text is None:
        return None
    collapsed = " ".join(element.text.split())
    return collapsed or None


def shown(value: str, limit: int = 40) -> str:
    """A hostile value cut short enough to quote in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def bounded(value: str | None, limit: int, label: str) -> str | None:
    """Refuse a value longer than pulje can store, rather than cut it silently."""
    if value is not None and len(value) > limit:
        raise EInvoiceError(f"{label} er længere end {limit} tegn: »{shown(value)}«.", kind=INVALID)
    return value


def read_date(parent: Element | None, path: str, label: str) -> date | None:
    """An xsd:date as a date, None when absent; an unreadable date is an EInvoiceError."""
    value = text(parent, path)
    if value is None:
        return None
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise EInvoiceError(
            f"{label.capitalize()} »{shown(value)}« er ikke en gyldig dato (ÅÅÅÅ-MM-DD).",
            kind=INVALID,
        ) from None


def require_date(parent: Element | None, path: str, label: str) -> date:
    """Like read_date, but a missing date is an EInvoiceError too."""
    value = read_date(parent, path, label)
    if value is None:
        raise EInvoiceError(f"Fakturaen mangler {label}.", kind=MISSING)
    return value


def read_currency_code(value: str | None, label: str) -> str | None:
    """A three-letter ISO 4217 code in capitals, or None when absent."""
    if value is None:
        return None
    code = value.strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise EInvoiceError(f"{label} »{shown(value)}« er ikke en valutakode.", kind=INVALID)
    return code


def to_ore(value: str, label: str) -> tuple[int, bool]:
    """An xsd:decimal amount in øre, and whether it had to be rounded to whole øre."""
    if not _DECIMAL.fullmatch(value):
        raise EInvoiceError(f"{label} »{shown(value)}« er ikke et beløb.", kind=INVALID)
    with localcontext() as context:
        context.prec = 60  # 40 digits fit exactly, so "was it rounded?" is answered truthfully
        exact = Decimal(value) * 100
        ore = exact.to_integral_value(rounding=ROUND_HALF_UP)
    if abs(ore) > MAX_ORE:
        raise EInvoiceError(f"{label} »{shown(value)}« er urimeligt stort.", kind=INVALID)
    return int(ore), ore != exact


def read_amount(
    parent: Element | None, path: str, label: str, currency: str
) -> tuple[int, bool] | None:
    """An amount element in øre (and whether it was rounded), checked against the currency."""
    element = find(parent, path)
    if element is None:
        return None
    value = " ".join((element.text or "").split())
    if not value:
        raise EInvoiceError(f"{label} er tomt.", kind=INVALID)
    stated = read_currency_code(element.get("currencyID"), f"Valutaen for {label.lower()}")
    if stated is not None and stated != currency:
        raise EInvoiceError(
            f"{label} er angivet i {stated}, men fakturaens valuta er {currency}.", kind=INVALID
        )
    return to_ore(value, label)
