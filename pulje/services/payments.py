"""Paying the supplier of an accepted invoice — once, whatever the retries (R7, R8) — and
receiving back what a credit note says the supplier owes after it was paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pulje.models import Application, Invoice, Payment, Refund
from pulje.services import audit, notifications
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import InputError, RuleViolation
from pulje.services.locks import lock_invoice
from pulje.services.search_index import refresh_case
from workflows.invoice import InvoiceFlow, PayInvoice
from workflows.money import format_money


@dataclass(frozen=True)
class PaymentResult:
    payment: Payment
    created: bool

    @property
    def message(self) -> str:
        amount = format_money(self.payment.amount)
        if self.created:
            return f"Betaling på {amount} er registreret."
        return f"Betalingen på {amount} var allerede registreret; den er ikke registreret igen."


def record_payment(session: Session, invoice: Invoice, actor: Actor, *, paid_on: date,
                   idempotency_key: str, reference: str = "") -> PaymentResult:
    """Record that the supplier was paid what the grant bears for the invoice (its accepted
    amount after credit notes); a repeated key records nothing."""
    if not idempotency_key or not idempotency_key.strip():
        raise InputError("Betalingen mangler en entydig nøgle.")
    # The key is looked up under the case lock: a retry racing the first attempt waits for it
    # and then finds its payment, and the invoice's state is the one the other left.
    invoice = lock_invoice(session, invoice)
    if invoice.is_credit_note:
        raise InputError("En kreditnota betales ikke; den trækkes fra den faktura, den krediterer.")
    existing = _by_key(session, idempotency_key)
    if existing is not None:
        return _already_recorded(existing, invoice)
    application = session.get(Application, invoice.application_id)
    money = case_money(session, application)
    figures = money.invoices.get(invoice.id)
    amount = figures.share if figures is not None else 0
    payment = Payment(invoice_id=invoice.id, amount=amount, paid_on=paid_on,
                      reference=reference.strip(), idempotency_key=idempotency_key,
                      recorded_by=actor.label)
    try:
        with session.begin_nested():
            taken = InvoiceFlow(invoice).fire(
                PayInvoice(amount=amount, granted=money.granted, paid=money.paid))
            audit.transition(session, actor, taken, invoice=invoice, action="invoice_pay",
                             note=_payment_note(invoice, amount))
            session.add(payment)
            session.flush()
    except IntegrityError:
        # Another transaction committed the same key (on another case) while we held ours;
        # the savepoint took back our audit entry and state change.
        existing = _by_key(session, idempotency_key)
        if existing is None:
            raise
        return _already_recorded(existing, invoice)
    refresh_case(session, invoice.application_id)
    notifications.payment_made(session, payment, invoice)
    return PaymentResult(payment, created=True)


def _by_key(session: Session, idempotency_key: str) -> Payment | None:
    return session.exec(
        select(Payment).where(Payment.idempotency_key == idempotency_key)).first()


def _already_recorded(existing: Payment, invoice: Invoice) -> PaymentResult:
    if existing.invoice_id != invoice.id:
        raise InputError("Nøglen er allerede brugt til en anden betaling.")
    return PaymentResult(existing, created=False)


def _payment_note(invoice: Invoice, amount: int) -> str:
    note = f"Betalt {format_money(amount)} til {invoice.supplier_name}"
    if amount != invoice.amount:
        note += f" (fakturaen lyder på {format_money(invoice.amount)})"
    if invoice.payment_account:
        note += f", konto {invoice.payment_account}"
    return note


def record_refund(session: Session, invoice: Invoice, actor: Actor, *, amount: int,
                  received_on: date, reference: str = "") -> Refund:
    """Record money the supplier paid back on a paid invoice after a credit note (R8)."""
    invoice = lock_invoice(session, invoice)
    application = session.get(Application, invoice.application_id)
    figures = case_money(session, application).invoices.get(invoice.id)
    due = figures.refund_due if figures is not None else 0
    if due <= 0:
        raise RuleViolation("R8", f"{invoice.supplier_name} skylder intet tilbage på faktura "
                                  f"nr. {invoice.number}.")
    if amount <= 0 or amount > due:
        raise RuleViolation("R8", f"{invoice.supplier_name} skylder {format_money(due)} "
                                  f"tilbage på faktura nr. {invoice.number}; "
                                  f"{format_money(amount)} kan ikke registreres.")
    refund = Refund(invoice_id=invoice.id, amount=amount, received_on=received_on,
                    reference=reference.strip(), recorded_by=actor.label)
    session.add(refund)
    audit.record(session, actor, "refund", invoice=invoice, from_state=invoice.state,
                 to_state=invoice.state,
                 note=f"Modtaget {format_money(amount)} tilbage fra {invoice.supplier_name}")
    session.flush()
    return refund
