"""Suppliers' invoices on a granted case: registering, accepting and refusing (R6–R9)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, Session, SQLModel, select

from pulje.models import Application, Invoice, Organisation, Pool
from pulje.services import audit, notifications
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import IllegalTransition, InputError
from pulje.services.locks import lock_application, lock_invoice
from pulje.services.search_index import refresh_case
from workflows import limits, rules
from workflows.invoice import InvoiceFlow, acceptance_violation
from workflows.money import format_money


class InvoiceInput(SQLModel):
    """An invoice as written on it (typed in, or read from an e-invoice)."""

    supplier_name: str = Field(min_length=1, max_length=limits.SUPPLIER_NAME)
    supplier_cvr: str | None = Field(default=None, max_length=limits.PARTY_ID)
    number: str = Field(min_length=1, max_length=limits.INVOICE_NUMBER)
    issue_date: date
    activity_date: date | None = None
    buyer_name: str = Field(default="", max_length=limits.BUYER_NAME)
    buyer_cvr: str | None = Field(default=None, max_length=limits.PARTY_ID)
    currency: str = Field(default="DKK", max_length=3)
    amount: int
    is_credit_note: bool = False
    payment_account: str | None = Field(default=None, max_length=limits.PAYMENT_ACCOUNT)
    source: str = "manual"
    file_path: str | None = None
    file_name: str | None = None


def _context(session: Session, application: Application) -> dict:
    pool = session.get(Pool, application.pool_id)
    money = case_money(session, application)
    return {"organisation": session.get(Organisation, pool.organisation_id),
            "case": application, "granted": money.granted,
            "committed": money.invoiced, "paid": money.paid}


def register_invoice(session: Session, application: Application, actor: Actor,
                     data: InvoiceInput) -> Invoice:
    """Store an invoice on a granted case; one a rule refuses is stored as refused, with why."""
    application = lock_application(session, application.id)
    if application.state != "approved":
        raise IllegalTransition("Fakturaer kan kun registreres på en bevilget sag.")
    if data.amount == 0:
        raise InputError("Fakturaens beløb kan ikke være 0,00 kr.")
    if (data.amount < 0) != data.is_credit_note:
        raise InputError("En kreditnota har et negativt beløb; en faktura et positivt.")
    duplicate = session.exec(select(Invoice.id).where(
        Invoice.application_id == application.id, Invoice.number == data.number.strip(),
        Invoice.supplier_name == data.supplier_name.strip(), Invoice.state != "refused")).first()
    if duplicate is not None:
        raise InputError(f"Faktura nr. {data.number} fra {data.supplier_name} er allerede "
                         "registreret på sagen.")
    invoice = Invoice(application_id=application.id,
                      **data.model_dump(exclude={"supplier_name", "number"}),
                      supplier_name=data.supplier_name.strip(), number=data.number.strip())
    invoice.notice = rules.activity_after_approval(
        data.activity_date, application.decided_at.date() if application.decided_at else None)
    session.add(invoice)
    session.flush()
    audit.record(session, actor, "register_invoice", invoice=invoice, to_state=invoice.state,
                 note=f"{invoice.supplier_name} nr. {invoice.number}: "
                 f"{format_money(invoice.amount)}")
    violation = acceptance_violation(invoice, **_context(session, application))
    if violation is not None:
        refuse_invoice(session, invoice, Actor.system(), f"{violation.rule}: {violation.message}")
    session.flush()
    refresh_case(session, application.id)
    return invoice


def accept_invoice(session: Session, invoice: Invoice, actor: Actor) -> Invoice:
    """Approve an invoice for payment; R7, R8 and R9 are checked again, under the case lock."""
    application = lock_application(session, invoice.application_id)
    audit.step(session, actor, InvoiceFlow(invoice), "accept", invoice=invoice,
               action="invoice_accept", **_context(session, application))
    session.flush()
    return invoice


def refuse_invoice(session: Session, invoice: Invoice, actor: Actor, reason: str) -> Invoice:
    """Refuse an invoice with a reason the caseworker and the resident can read."""
    invoice = lock_invoice(session, invoice)
    audit.step(session, actor, InvoiceFlow(invoice), "refuse", invoice=invoice,
               action="invoice_refuse", note=reason)
    invoice.refusal_reason = reason.strip()
    session.flush()
    notifications.invoice_refused(session, invoice)
    return invoice
