"""Paying the supplier of an accepted invoice — once, whatever the retries (R7, R8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pulje.models import Application, Invoice, Payment, Pool
from pulje.services import audit, notifications
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from pulje.services.locks import lock_invoice
from pulje.services.search_index import refresh_case
from workflows.invoice import InvoiceFlow
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
    """Record that the supplier was paid the invoice's amount; a repeated key records nothing."""
    if not idempotency_key or not idempotency_key.strip():
        raise InputError("Betalingen mangler en entydig nøgle.")
    # The key is looked up under the case lock: a retry racing the first attempt waits for it
    # and then finds its payment, and the invoice's state is the one the other left.
    invoice = lock_invoice(session, invoice)
    application = session.get(Application, invoice.application_id)
    organisation_id = organisation_of(session, invoice)
    existing = _by_key(session, organisation_id, idempotency_key)
    if existing is not None:
        return _already_recorded(existing, invoice)
    money = case_money(session, application)
    payment = Payment(organisation_id=organisation_id, invoice_id=invoice.id,
                      amount=invoice.amount, paid_on=paid_on,
                      reference=reference.strip(), idempotency_key=idempotency_key,
                      recorded_by=actor.label)
    try:
        with session.begin_nested():
            audit.step(session, actor, InvoiceFlow(invoice), "pay", invoice=invoice,
                       action="invoice_pay",
                       note=f"Betalt {format_money(invoice.amount)} til {invoice.supplier_name}",
                       granted=money.granted, paid=money.paid)
            session.add(payment)
            session.flush()
    except IntegrityError:
        # Another transaction committed the same key (on another of the organisation's cases)
        # while we held ours; the savepoint took back our audit entry and state change.
        existing = _by_key(session, organisation_id, idempotency_key)
        if existing is None:
            raise
        return _already_recorded(existing, invoice)
    refresh_case(session, invoice.application_id)
    notifications.payment_made(session, payment, invoice)
    return PaymentResult(payment, created=True)


def organisation_of(session: Session, invoice: Invoice) -> int:
    """The organisation whose case the invoice is on (its payments' key space)."""
    return session.exec(select(Pool.organisation_id).join(Application)
                        .where(Application.id == invoice.application_id)).one()


def _by_key(session: Session, organisation_id: int, idempotency_key: str) -> Payment | None:
    """The organisation's payment with this key; other organisations' keys are not looked at."""
    return session.exec(select(Payment).where(Payment.organisation_id == organisation_id,
                                              Payment.idempotency_key == idempotency_key)).first()


def _already_recorded(existing: Payment, invoice: Invoice) -> PaymentResult:
    if existing.invoice_id != invoice.id:
        raise InputError("Nøglen er allerede brugt til en anden betaling.")
    return PaymentResult(existing, created=False)
