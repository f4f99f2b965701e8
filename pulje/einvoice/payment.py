"""Reading where the supplier wants the money: bank account, IBAN or FIK (giro) payment."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from pulje.einvoice.values import NS, bounded, text

MAX_ACCOUNT = 60


def _fik(means: Element) -> str | None:
    """A Danish FIK/giro payment as people write it: +71<payment id+creditor number<."""
    card_type = text(means, "cbc:PaymentID")
    creditor = text(means, "cac:CreditAccount/cbc:AccountID")
    if not card_type or not creditor:
        return None
    # OIOUBL puts the card type in PaymentID and the payment reference in InstructionID.
    return f"+{card_type}<{text(means, 'cbc:InstructionID') or ''}+{creditor}<"


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
