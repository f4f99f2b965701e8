"""A supplier's invoice on a case: received, then accepted (wholly or in part) and paid, or refused.

A credit note is an invoice with a negative amount that names the invoice it credits. It is
accepted when registered and never paid: it lowers what the grant bears for that invoice, and
when the invoice was already paid the supplier owes the difference back (a refund).
"""

from __future__ import annotations

from transitions import EventData

from workflows import invoice_rules, rules
from workflows.machine import Flow, require
from workflows.messages import N_

STATE_LABELS = {
    "received": N_("modtaget"),
    "accepted": N_("godkendt til betaling"),
    "paid": N_("betalt"),
    "refused": N_("afvist"),
}
CREDIT_NOTE_LABELS = {**STATE_LABELS, "accepted": "modregnet", "paid": "modregnet"}
STATES = tuple(STATE_LABELS)
# Invoices in these states count against the grant (R8).
COUNTING_STATES = ("accepted", "paid")
AWAITING_STATES = ("received", "accepted")

TRIGGER_LABELS = {"accept": "godkend", "refuse": "afvis", "pay": "betal",
                  "cancel": "annullér"}

TRANSITIONS = (
    {"trigger": "accept", "source": "received", "dest": "accepted",
     "conditions": ["acceptable"]},
    {"trigger": "refuse", "source": "received", "dest": "refused", "conditions": ["has_reason"]},
    {"trigger": "pay", "source": "accepted", "dest": "paid", "conditions": ["within_grant_paid"]},
    # A credit note for all of an invoice not yet paid leaves nothing to pay: it is cancelled.
    {"trigger": "cancel", "source": ["received", "accepted"], "dest": "refused",
     "conditions": ["has_reason"]},
)


def label(invoice) -> str:
    """The invoice's state in Danish; a credit note is 'modregnet' once it counts."""
    labels = CREDIT_NOTE_LABELS if invoice.is_credit_note else STATE_LABELS
    return labels[invoice.state]


def grant_share(accepted: int, amount: int, credited: int) -> int:
    """What the grant bears for an invoice: what was accepted, at most the invoice's amount
    after its credit notes; never below nothing."""
    return max(0, min(accepted, amount - credited))


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
        return require(invoice_rules.within_grant(kw["amount"], kw["granted"], kw["paid"]))

    def has_reason(self, event: EventData) -> bool:
        return require(rules.has_text(event.kwargs.get("note"), "en begrundelse for afvisningen"))


def document_violation(invoice, *, organisation, case, approved_on=None,
                       payee_name: str | None = None, payee_cvr: str | None = None,
                       **_: object) -> rules.Violation | None:
    """The first rule about the document itself (currency, R9, R7, R6) it breaks, or None."""
    checks = (
        lambda: rules.in_danish_kroner(invoice.currency),
        lambda: invoice_rules.buyer_is_organisation(
            invoice.buyer_name, invoice.buyer_cvr, organisation.legal_name, organisation.cvr,
            organisation.name),
        lambda: invoice_rules.supplier_not_organisation(
            invoice.supplier_name, invoice.supplier_cvr, organisation.legal_name,
            organisation.cvr, organisation.name),
        lambda: invoice_rules.supplier_not_applicant(
            invoice.supplier_name, invoice.supplier_cvr, case.applicant_name, case.applicant_cvr),
        lambda: invoice_rules.payee_is_supplier(
            payee_name, payee_cvr, invoice.supplier_name, invoice.supplier_cvr),
        lambda: invoice_rules.invoice_after_approval(
            invoice.activity_date, invoice.issue_date, approved_on),
    )
    return next((v for check in checks if (v := check()) is not None), None)


def acceptance_violation(invoice, *, cost: int, free: int, granted: int,
                         partial: int | None = None, **context) -> rules.Violation | None:
    """The first rule that refuses accepting ``invoice`` for ``partial`` (or all of its ``cost``,
    the amount after credit notes) when ``free`` is what is left of the grant."""
    violation = document_violation(invoice, **context)
    if violation is not None:
        return violation
    if partial is not None:
        return invoice_rules.partial_amount_allowed(partial, cost, free)
    return invoice_rules.within_grant(cost, granted, granted - free)
