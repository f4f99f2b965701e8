"""What the reader gives back: an invoice as written (amounts in øre), or one EInvoiceError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Why a file was refused, for callers that react differently (log an attack, offer manual entry).
UNSAFE = "unsafe"  # DTD, entity or external reference: never part of a real e-invoice
TOO_LARGE = "too_large"
NOT_XML = "not_xml"
NOT_UBL = "not_ubl"
MISSING = "missing"  # a required field is absent
INVALID = "invalid"  # a field is present but cannot be read (date, amount, identifier)
CURRENCY = "currency"  # readable, but not in Danish kroner

KINDS = (UNSAFE, TOO_LARGE, NOT_XML, NOT_UBL, MISSING, INVALID, CURRENCY)


class EInvoiceError(ValueError):
    """An uploaded e-invoice cannot be used; ``message`` says why in plain Danish."""

    def __init__(self, message: str, *, kind: str = INVALID, currency: str | None = None):
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.currency = currency

    def __str__(self) -> str:
        return self.message


PEPPOL_BIS3 = "peppol-bis3"
OIOUBL_21 = "oioubl-2.1"
UBL_21 = "ubl-2.1"

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


@dataclass(frozen=True)
class Party:
    """The supplier or the buyer as the file names it; ``cvr`` is 8 digits or None."""

    name: str
    cvr: str | None = None
    endpoint: str | None = None
    endpoint_scheme: str | None = None


@dataclass(frozen=True)
class InvoiceLine:
    """One line: what was delivered and its net amount in øre (negative on a credit note)."""

    description: str
    amount: int


@dataclass(frozen=True)
class ParsedInvoice:
    """A UBL 2.1 invoice or credit note read from XML; nothing here has been judged yet.

    ``amount`` is the payable amount (LegalMonetaryTotal/PayableAmount) in øre, negative for a
    credit note because it is money back. Rule checks (R7, R8, R9, the currency) belong to
    ``workflows.rules`` and are not applied here.
    """

    profile: str
    customization_id: str | None
    document_type: str
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    supplier: Party
    buyer: Party
    amount: int
    lines: tuple[InvoiceLine, ...]
    payment_account: str | None
    payment_bank_code: str | None
    activity_date: date | None
    warnings: tuple[str, ...] = ()
    # The invoice a credit note credits (BillingReference), and a payee other than the supplier.
    credits_number: str | None = None
    payee: Party | None = None
    # What the buyer asked the supplier to quote (order reference, buyer reference, payment
    # ID): where a case number written on the invoice stands.
    references: tuple[str, ...] = ()

    @property
    def is_credit_note(self) -> bool:
        """True for a CreditNote document (its amount is negative)."""
        return self.document_type == CREDIT_NOTE

    @property
    def supplier_name(self) -> str:
        """The supplier's legal name, else its trading name."""
        return self.supplier.name

    @property
    def supplier_cvr(self) -> str | None:
        """The supplier's CVR number (8 digits) when the file gives one."""
        return self.supplier.cvr

    @property
    def buyer_name(self) -> str:
        """The buyer's legal name, else its trading name ('' when the file has none)."""
        return self.buyer.name

    @property
    def buyer_cvr(self) -> str | None:
        """The buyer's CVR number (8 digits) when the file gives one."""
        return self.buyer.cvr
