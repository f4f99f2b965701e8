"""The plain data the exports take (rows in øre) and the numbers they write from øre."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol


class ExportError(ValueError):
    """The rows cannot be exported as asked; ``message`` says why in Danish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OrganisationLike(Protocol):
    """The publishing organisation: the Organisation model or anything with these fields."""

    name: str
    legal_name: str
    cvr: str


@dataclass(frozen=True)
class ExportOrganisation:
    """An organisation as plain data, for callers without a model object at hand."""

    name: str
    legal_name: str
    cvr: str


@dataclass(frozen=True)
class GrantExportRow:
    """One grant (tilsagn) as published.

    There is deliberately no field for the applicant: a resident's name never leaves pulje.
    ``stable_id`` is the case's identifier inside the organisation that never changes once
    published (the case reference such as ``2025-0007`` qualifies: it starts with the pool year).
    """

    reference: str
    stable_id: str
    title: str
    description: str
    department_name: str
    department_number: str
    amount_granted: int
    award_date: date
    pool_year: int
    organisation_name: str
    organisation_legal_name: str
    organisation_cvr: str
    # (code, text) of each purpose the case ticked, as named in the rules it was decided under.
    purposes: tuple[tuple[str, str], ...] = ()
    amount_disbursed: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    modified: datetime | None = None  # aware; the case's last recorded step


@dataclass(frozen=True)
class PaymentExportRow:
    """One payment to a supplier, for the bookkeeping; a negative amount is money back."""

    paid_on: date
    case_reference: str
    supplier_name: str
    supplier_cvr: str | None
    invoice_number: str
    amount: int
    account: str | None
    payment_reference: str
    # What the invoice says: differs from ``amount`` when only part was accepted (R8) or a
    # credit note lowered it; None on a refund row.
    invoice_amount: int | None = None

def rfc3339(instant: datetime) -> str:
    """An aware instant as RFC 3339 in UTC, e.g. '2025-05-20T08:00:00Z' (360Giving's date-time)."""
    if instant.tzinfo is None:
        raise ExportError("Tidspunktet mangler tidszone.")
    return instant.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# Below 2**53 øre every two-decimal kroner value survives the round trip through a float.
_FLOAT_SAFE = 2**53


def kroner_number(ore: int) -> int | float:
    """Øre as a JSON number of kroner: an int when whole, else the float of the exact value."""
    if isinstance(ore, bool) or not isinstance(ore, int):
        raise ExportError(f"Beløbet {ore!r} er ikke et helt antal øre.")
    if ore % 100 == 0:
        return ore // 100
    if abs(ore) >= _FLOAT_SAFE:
        raise ExportError("Beløbet er for stort til at blive skrevet præcist.")
    value = float(Decimal(ore).scaleb(-2))
    # repr() is the shortest text that reads back as this float, and json writes exactly that.
    if Decimal(repr(value)) != Decimal(ore).scaleb(-2):
        raise ExportError("Beløbet kan ikke skrives præcist som tal.")
    return value


def plain_decimal(ore: int) -> str:
    """Øre as '1234.50' (point, no grouping): the form JSON, 360Giving CSV and SQL read."""
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def danish_decimal(ore: int) -> str:
    """Øre as '1234,50' (comma, no thousands dots): what Danish bookkeeping imports read."""
    return plain_decimal(ore).replace(".", ",")
