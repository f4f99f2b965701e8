"""Reading the body of an invoice: its lines, and where the supplier wants the money."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from pulje.einvoice.model import InvoiceLine
from pulje.einvoice.values import NS, bounded, read_amount, shown, text

MAX_DESCRIPTION = 300
MAX_ACCOUNT = 60
_LINE_TAGS = ("cac:InvoiceLine", "cac:CreditNoteLine")


def _description(line: Element) -> str:
    described = (
        text(line, "cac:Item/cbc:Name")
        or text(line, "cac:Item/cbc:Description")
        or text(line, "cbc:Note")
        or ""
    )
    # Lines are shown, never matched against rules, so a long text is shortened, not refused.
    if len(described) > MAX_DESCRIPTION:
        return described[: MAX_DESCRIPTION - 1] + "…"
    return described


def read_lines(
    root: Element, currency: str, sign: int, warnings: list[str]
) -> tuple[InvoiceLine, ...]:
    """Each line's description and net amount (LineExtensionAmount) in øre, signed as the total."""
    result = []
    for tag in _LINE_TAGS:
        for position, line in enumerate(root.findall(tag, NS), start=1):
            label = f"Linje {shown(text(line, 'cbc:ID') or str(position), 20)}"
            amount = read_amount(line, "cbc:LineExtensionAmount", f"{label}s beløb", currency)
            if amount is None:
                warnings.append(f"{label} har intet beløb og er udeladt.")
                continue
            ore, rounded = amount
            if rounded:
                warnings.append(f"{label}s beløb er afrundet til hele øre.")
            result.append(InvoiceLine(description=_description(line), amount=sign * ore))
    return tuple(result)


def _fik(means: Element) -> str | None:
    """A Danish FIK/giro payment as people write it: +71<payment id+creditor number<."""
    card_type = text(means, "cbc:PaymentID")
    creditor = text(means, "cac:CreditAccount/cbc:AccountID")
    if not card_type or not creditor:
        return None
    # OIOUBL puts the card type in PaymentID and the payment reference in InstructionID.
    return f"+{card_type}<{text(means, 'cbc:InstructionID') or ''}+{creditor}<"


# Where a supplier writes the buyer's own reference for the order (here: the case number).
_REFERENCE_PATHS = ("cac:OrderReference/cbc:ID", "cac:OrderReference/cbc:SalesOrderID",
                    "cbc:BuyerReference", "cac:PaymentMeans/cbc:PaymentID",
                    "cac:PaymentMeans/cbc:InstructionID", "cbc:Note")


def read_references(root: Element) -> tuple[str, ...]:
    """The texts the buyer's references may stand in, as written (each at most 200 chars)."""
    found = []
    for path in _REFERENCE_PATHS:
        for element in root.findall(path, NS):
            value = " ".join((element.text or "").split())[:200]
            if value:
                found.append(value)
    return tuple(dict.fromkeys(found))


def read_payment(root: Element) -> tuple[str | None, str | None]:
    """The supplier's account and its bank code (Danish reg. no. or BIC), as written."""
    for means in root.findall("cac:PaymentMeans", NS):
        account = text(means, "cac:PayeeFinancialAccount/cbc:ID")
        if account:
            branch = "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch"
            bank_code = text(means, f"{branch}/cbc:ID") or text(
                means, f"{branch}/cac:FinancialInstitution/cbc:ID"
            )
            return (
                bounded(account, MAX_ACCOUNT, "Leverandørens kontonummer"),
                bounded(bank_code, MAX_ACCOUNT, "Leverandørens registreringsnummer"),
            )
    for means in root.findall("cac:PaymentMeans", NS):
        channel = text(means, "cbc:PaymentChannelCode")
        if channel == "DK:FIK" or text(means, "cbc:PaymentMeansCode") == "93":
            fik = _fik(means)
            if fik:
                return bounded(fik, MAX_ACCOUNT, "Leverandørens FIK-betaling"), None
    return None, None
