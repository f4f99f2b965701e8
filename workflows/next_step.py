"""What a caseworker does next on a case, from its state and its invoices' states."""

from __future__ import annotations

from collections.abc import Iterable

# Final states have no next step.
BY_STATE = {
    "submitted": "Påbegynd behandlingen",
    "in_review": "Bevilg, afslå eller bed om oplysninger",
    "awaiting_info": "Afvent ansøgerens svar",
}


def next_step(state: str, invoice_states: Iterable[str] = ()) -> str | None:
    """The next step in Danish, or None when the case is ended."""
    if state != "approved":
        return BY_STATE.get(state)
    invoices = set(invoice_states)
    if "received" in invoices:
        return "Godkend eller afvis fakturaen"
    if "accepted" in invoices:
        return "Registrér betalingen"
    if "paid" in invoices:
        return "Afslut sagen, når der ikke kommer flere fakturaer"
    return "Afvent faktura fra leverandøren"
