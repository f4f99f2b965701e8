"""Exports for others to read: 360Giving open data and payments for the bookkeeping."""

from pulje.exports.giving360 import grants_360giving, grants_360giving_csv, org_id
from pulje.exports.payments import payments_csv, payments_xlsx
from pulje.exports.rows import (
    ExportError,
    ExportOrganisation,
    GrantExportRow,
    OrganisationLike,
    PaymentExportRow,
    danish_decimal,
    kroner_number,
    plain_decimal,
)

__all__ = [
    "ExportError",
    "ExportOrganisation",
    "GrantExportRow",
    "OrganisationLike",
    "PaymentExportRow",
    "danish_decimal",
    "grants_360giving",
    "grants_360giving_csv",
    "kroner_number",
    "org_id",
    "payments_csv",
    "payments_xlsx",
    "plain_decimal",
]
