"""A supplier's invoice on a case: received, then accepted and paid, or refused."""

from __future__ import annotations

from transitions import EventData

from workflows import rules
from workflows.machine import Flow, require
from workflows.messages import N_

STATE_LABELS = {
    "received": N_("modtaget"),
    "accepted": N_("godkendt til betaling"),
    "paid": N_("betalt"),
    "refused": N_("afvist"),
}
STATES = tuple(STATE_LABELS)
# Invoices in these states count against the grant (R8).
COUNTING_STATES = ("accepted", "paid")
AWAITING_STATES = ("received", "accepted")

TRIGGER_LABELS = {"accept": "godkend", "refuse": "afvis", "pay": "betal"}

TRANSITIONS = (
    {"trigger": "accept", "source": "received", "dest": "accepted",
     "conditions": ["acceptable"]},
    {"trigger": "refuse", "source": "received", "dest": "refused", "conditions": ["has_reason"]},
    {"trigger": "pay", "source": "accepted", "dest": "paid", "conditions": ["within_grant_paid"]},
)


class InvoiceFlow(Flow):
    """The lifecycle of one invoice; ``row`` is the Invoice. Context comes from the service."""

    STATES = STATES
    TRANSITIONS = TRANSITIONS
    LABELS = STATE_LABELS
    TRIGGER_LABELS = TRIGGER_LABELS
    NOUN = "fakturaen"

    def acceptable(self, event: EventData) -> bool:
        return require(acceptance_violation(self.row, **event.kwargs))

    def within_grant_paid(self, event: EventData) -> bool:
        kw = event.kwargs
        return require(rules.within_grant(self.row.amount, kw["granted"], kw["paid"]))

    def has_reason(self, event: EventData) -> bool:
        return require(rules.has_text(event.kwargs.get("note"), "en begrundelse for afvisningen"))


def acceptance_violation(invoice, *, organisation, case, granted: int, committed: int,
                         **_: object) -> rules.Violation | None:
    """The first rule (currency, R9, R7, R8) that refuses accepting ``invoice``, or None."""
    checks = (
        rules.in_danish_kroner(invoice.currency),
        rules.buyer_is_organisation(
            invoice.buyer_name, invoice.buyer_cvr, organisation.legal_name, organisation.cvr),
        rules.supplier_not_applicant(
            invoice.supplier_name, invoice.supplier_cvr,
            case.applicant_name, case.applicant_cvr),
        rules.within_grant(invoice.amount, granted, committed),
    )
    return next((v for v in checks if v is not None), None)
