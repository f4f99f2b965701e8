"""parse_invoice: a UBL 2.1 invoice or credit note (OIOUBL, Peppol BIS 3) as plain data."""

from __future__ import annotations

from decimal import Decimal
from xml.etree.ElementTree import Element

from babel.numbers import format_currency

from pulje.einvoice.body import read_lines, read_payment, read_references
from pulje.einvoice.document import MAX_BYTES, load_document
from pulje.einvoice.model import (
    CREDIT_NOTE,
    CURRENCY,
    INVOICE,
    MISSING,
    OIOUBL_21,
    PEPPOL_BIS3,
    UBL_21,
    EInvoiceError,
    ParsedInvoice,
    Party,
)
from pulje.einvoice.parties import read_party, read_payee
from pulje.einvoice.values import (
    bounded,
    find,
    read_amount,
    read_currency_code,
    read_date,
    require_date,
    text,
)
from workflows.money import format_money
from workflows.rules import in_danish_kroner

MAX_NUMBER = 60
# UNTDID 1001 codes that make an Invoice document a credit (EN 16931 allows them in Invoice).
_CREDIT_TYPE_CODES = frozenset({"81", "83", "381", "396", "532"})


def detect_profile(customization_id: str | None) -> str:
    """Name the UBL profile from cbc:CustomizationID: Peppol BIS 3, OIOUBL, or plain UBL 2.1."""
    value = (customization_id or "").strip()
    if value.upper().startswith("OIOUBL"):
        return OIOUBL_21
    if "peppol.eu" in value and "poacc" in value:
        return PEPPOL_BIS3
    return UBL_21


def _currency(root: Element, accept_foreign_currency: bool) -> str:
    code = read_currency_code(text(root, "cbc:DocumentCurrencyCode"), "Fakturaens valuta")
    if code is None:
        # The payable amount states its currency too; DocumentCurrencyCode is only the header.
        payable = find(root, "cac:LegalMonetaryTotal/cbc:PayableAmount")
        code = read_currency_code(
            payable.get("currencyID") if payable is not None else None, "Fakturaens valuta"
        )
    if code is None:
        raise EInvoiceError(
            "Fakturaen angiver ikke sin valuta (DocumentCurrencyCode).", kind=MISSING
        )
    refusal = in_danish_kroner(code)
    if refusal is not None and not accept_foreign_currency:
        raise EInvoiceError(refusal.message, kind=CURRENCY, currency=code)
    return code


def _money(ore: int, currency: str) -> str:
    if currency == "DKK":
        return format_money(ore)
    return format_currency(Decimal(ore).scaleb(-2), currency, locale="da_DK")


def _document_type(root: Element, document_type: str, warnings: list[str]) -> str:
    type_code = text(root, "cbc:InvoiceTypeCode")
    if document_type == INVOICE and type_code in _CREDIT_TYPE_CODES:
        warnings.append(
            f"Dokumentet er en faktura med typekode {type_code} (kreditering); pulje behandler "
            "det som en kreditnota."
        )
        return CREDIT_NOTE
    return document_type


def _payable(root: Element, currency: str, warnings: list[str]) -> int:
    totals = find(root, "cac:LegalMonetaryTotal")
    payable = read_amount(totals, "cbc:PayableAmount", "Beløbet til betaling", currency)
    if payable is None:
        raise EInvoiceError(
            "Fakturaen mangler beløbet til betaling (LegalMonetaryTotal/PayableAmount).",
            kind=MISSING,
        )
    ore, rounded = payable
    if rounded:
        raise EInvoiceError(
            "Beløbet til betaling har flere end to decimaler og kan ikke betales i hele øre.",
        )
    prepaid = read_amount(totals, "cbc:PrepaidAmount", "Forudbetalt beløb", currency)
    if prepaid is not None and prepaid[0] != 0:
        warnings.append(
            f"Fakturaen er delvist forudbetalt med {_money(prepaid[0], currency)}; pulje bruger "
            f"beløbet til betaling, {_money(ore, currency)}, ikke fakturaens total."
        )
    return ore


def parse_invoice(
    data: bytes, *, max_bytes: int = MAX_BYTES, accept_foreign_currency: bool = False
) -> ParsedInvoice:
    """Read an e-invoice safely; any file that cannot be used raises EInvoiceError.

    A document in another currency than DKK is refused with the message of
    ``workflows.rules.in_danish_kroner`` (``exc.currency`` holds the code) unless
    ``accept_foreign_currency`` is set, e.g. to show what such a file contains.
    """
    root, document_type = load_document(data, max_bytes=max_bytes)
    warnings: list[str] = []
    currency = _currency(root, accept_foreign_currency)
    number = bounded(text(root, "cbc:ID"), MAX_NUMBER, "Fakturanummeret")
    if number is None:
        raise EInvoiceError("Fakturaen mangler sit fakturanummer (cbc:ID).", kind=MISSING)
    issue_date = require_date(root, "cbc:IssueDate", "fakturadato")
    due_date = read_date(root, "cbc:DueDate", "forfaldsdato") or read_date(
        root, "cac:PaymentMeans/cbc:PaymentDueDate", "forfaldsdato"
    )
    activity_date = read_date(root, "cac:Delivery/cbc:ActualDeliveryDate", "leveringsdato") or (
        read_date(root, "cac:InvoicePeriod/cbc:StartDate", "periodens startdato")
    )
    supplier = read_party(find(root, "cac:AccountingSupplierParty"), "Leverandørens", warnings)
    if supplier is None or not supplier.name:
        raise EInvoiceError("Fakturaen mangler leverandørens navn.", kind=MISSING)
    buyer = read_party(find(root, "cac:AccountingCustomerParty"), "Køberens", warnings)
    if buyer is None or not buyer.name:
        warnings.append("Fakturaen angiver ikke køberens navn.")
    document_type = _document_type(root, document_type, warnings)
    sign = -1 if document_type == CREDIT_NOTE else 1
    amount = sign * _payable(root, currency, warnings)
    lines = read_lines(root, currency, sign, warnings)
    account, bank_code = read_payment(root)
    credits_number = bounded(
        text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"), MAX_NUMBER,
        "Den krediterede fakturas nummer")
    payee = read_payee(root, warnings)
    return ParsedInvoice(
        profile=detect_profile(text(root, "cbc:CustomizationID")),
        customization_id=text(root, "cbc:CustomizationID"),
        document_type=document_type,
        number=number,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        supplier=supplier,
        buyer=buyer if buyer is not None else Party(name=""),
        amount=amount,
        lines=lines,
        payment_account=account,
        payment_bank_code=bank_code,
        activity_date=activity_date,
        warnings=tuple(dict.fromkeys(warnings)),
        credits_number=credits_number,
        payee=payee,
        references=read_references(root),
    )
