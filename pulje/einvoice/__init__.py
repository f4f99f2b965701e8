"""Safe reading of UBL 2.1 e-invoices (OIOUBL 2.1, Peppol BIS Billing 3): pure, no database."""

from pulje.einvoice.document import MAX_BYTES
from pulje.einvoice.model import (
    CREDIT_NOTE,
    INVOICE,
    OIOUBL_21,
    PEPPOL_BIS3,
    UBL_21,
    EInvoiceError,
    InvoiceLine,
    ParsedInvoice,
    Party,
)
from pulje.einvoice.parser import detect_profile, parse_invoice

__all__ = [
    "CREDIT_NOTE",
    "INVOICE",
    "MAX_BYTES",
    "OIOUBL_21",
    "PEPPOL_BIS3",
    "UBL_21",
    "EInvoiceError",
    "InvoiceLine",
    "ParsedInvoice",
    "Party",
    "detect_profile",
    "parse_invoice",
]
