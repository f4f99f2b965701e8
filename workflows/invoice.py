"""A supplier's invoice on a case: received, then accepted (wholly or in part) and paid, or refused.

A credit note is an invoice with a negative amount that names the invoice it credits. It is
accepted when registered and never paid: it lowers what the grant bears for that invoice, and
when the invoice was already paid the supplier owes the difference back (a refund).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from transitions import EventData

from workflows import invoice_rules, rules
from workflows.machine import Flow, Step, require, step_of
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


class Buyer(Protocol):
    """The organisation as the invoice rules read it (R7, R9)."""

    @property
    def name(self) -> str: ...
    @property
    def legal_name(self) -> str: ...
    @property
    def cvr(self) -> str: ...


class Applicant(Protocol):
    """The case as the invoice rules read it: who applied (R7)."""

    @property
    def applicant_name(self) -> str: ...
    @property
    def applicant_cvr(self) -> str | None: ...


# What each trigger's guards read: the service builds one and passes it to Flow.fire.
@dataclass(frozen=True)
class AcceptInvoice(Step):
    """Accepting the invoice for ``partial`` øre, or all of its ``cost`` (its amount after
    credit notes), when ``free`` of the case's ``granted`` amount is left."""

    trigger: ClassVar[str] = "accept"
    organisation: Buyer
    case: Applicant
    cost: int
    free: int
    granted: int
    approved_on: date | None = None
    partial: int | None = None


@dataclass(frozen=True)
class Refusal(Step):
    """Refusing or cancelling an invoice: the reason the caseworker and the resident read."""

    reason: str | None


@dataclass(frozen=True)
class RefuseInvoice(Refusal):
    trigger: ClassVar[str] = "refuse"


@dataclass(frozen=True)
class PayInvoice(Step):
    """Paying ``amount`` øre on a case with ``granted`` of which ``paid`` is paid already."""

    trigger: ClassVar[str] = "pay"
    amount: int
    granted: int
    paid: int


@dataclass(frozen=True)
class CancelInvoice(Refusal):
    trigger: ClassVar[str] = "cancel"


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
    STEPS = (AcceptInvoice, RefuseInvoice, PayInvoice, CancelInvoice)

    def acceptable(self, event: EventData) -> bool:
        return require(acceptance_violation(self.row, step_of(event, AcceptInvoice)))

    def within_grant_paid(self, event: EventData) -> bool:
        step = step_of(event, PayInvoice)
        return require(invoice_rules.within_grant(step.amount, step.granted, step.paid))

    def has_reason(self, event: EventData) -> bool:
        reason = step_of(event, Refusal).reason
        return require(rules.has_text(reason, "en begrundelse for afvisningen"))


def document_violation(invoice, *, organisation: Buyer, case: Applicant,
                       approved_on: date | None = None, payee_name: str | None = None,
                       payee_cvr: str | None = None) -> rules.Violation | None:
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


def acceptance_violation(invoice, step: AcceptInvoice) -> rules.Violation | None:
    """The first rule that refuses accepting ``invoice`` as ``step`` asks."""
    violation = document_violation(invoice, organisation=step.organisation, case=step.case,
                                   approved_on=step.approved_on)
    if violation is not None:
        return violation
    if step.partial is not None:
        return invoice_rules.partial_amount_allowed(step.partial, step.cost, step.free)
    return invoice_rules.within_grant(step.cost, step.granted, step.granted - step.free)
