"""Reading invoice and credit note lines: what was delivered and for how much."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from pulje.einvoice.model import InvoiceLine
from pulje.einvoice.values import NS, read_amount, shown, text

MAX_DESCRIPTION = 300
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
