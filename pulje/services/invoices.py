"""Suppliers' invoices on a granted case: registering, accepting and refusing (R6–R9).

A document a rule refuses (R6, R7, R9, the currency) is stored as refused, with the rule and
a Danish reason, because it was received. Input that cannot be an invoice at all — a duplicate,
a credit note that names nothing it can credit, a typed invoice without the buyer's CVR — is
refused before anything is stored. An invoice above what is left of the grant (R8) waits for
the caseworker, who refuses it or accepts the remainder.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, Session, SQLModel, select

from pulje import clock
from pulje.models import Application, Invoice, Organisation, Pool
from pulje.services import audit, notifications
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import IllegalTransition, InputError, RuleViolation
from pulje.services.locks import lock_application, lock_invoice, lock_organisation
from pulje.services.search_index import refresh_case
from workflows import invoice_rules, rules
from workflows.fields import INVOICE
from workflows.invoice import (
    AcceptInvoice,
    CancelInvoice,
    InvoiceFlow,
    RefuseInvoice,
    document_violation,
)
from workflows.money import format_money


class InvoiceInput(SQLModel):
    """An invoice as written on it (typed in, or read from an e-invoice)."""

    supplier_name: str = Field(min_length=1, max_length=INVOICE["supplier_name"])
    supplier_cvr: str | None = Field(default=None, max_length=INVOICE["supplier_cvr"])
    number: str = Field(min_length=1, max_length=INVOICE["number"])
    issue_date: date
    activity_date: date | None = None
    buyer_name: str = Field(default="", max_length=INVOICE["buyer_name"])
    buyer_cvr: str | None = Field(default=None, max_length=INVOICE["buyer_cvr"])
    currency: str = Field(default="DKK", max_length=3)
    amount: int
    is_credit_note: bool = False
    # A credit note names the invoice it credits: by id (typed) or by number (UBL).
    credits_invoice_id: int | None = None
    credits_number: str | None = Field(default=None, max_length=INVOICE["number"])
    payee_name: str | None = Field(default=None, max_length=INVOICE["payee_name"])
    payee_cvr: str | None = Field(default=None, max_length=INVOICE["payee_cvr"])
    payment_account: str | None = Field(default=None, max_length=INVOICE["payment_account"])
    source: str = "manual"
    file_path: str | None = None
    file_name: str | None = None


_ROW_FIELDS = {"supplier_cvr", "issue_date", "activity_date", "buyer_name", "buyer_cvr",
               "currency", "amount", "is_credit_note", "payment_account", "source", "file_path",
               "file_name"}


def approved_on(application: Application) -> date | None:
    """The day of the approval in Copenhagen, which invoices must not precede (R6)."""
    return clock.local_date(application.decided_at) if application.decided_at else None


def _organisation(session: Session, application: Application) -> Organisation:
    return session.get(Organisation, session.get(Pool, application.pool_id).organisation_id)


def _refuse_duplicate(session: Session, organisation: Organisation, data: InvoiceInput) -> None:
    """The same supplier's invoice number exists once per organisation (refused ones aside)."""
    rows = session.exec(
        select(Invoice, Application.reference).join(Application)
        .join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation.id, Invoice.number == data.number.strip(),
               Invoice.is_credit_note == data.is_credit_note, Invoice.state != "refused")).all()
    for other, reference in rows:
        if invoice_rules.same_supplier(other.supplier_name, other.supplier_cvr,
                                       data.supplier_name, data.supplier_cvr):
            kind = "Kreditnota" if data.is_credit_note else "Faktura"
            raise InputError(f"{kind} nr. {other.number} fra {other.supplier_name} er allerede "
                             f"registreret på sag {reference}; den kan kun registreres én gang.")


def _credited_invoice(session: Session, application: Application, data: InvoiceInput) -> Invoice:
    """The invoice a credit note credits: on the same case, from the same supplier, not refused."""
    query = select(Invoice).where(Invoice.application_id == application.id,
                                  Invoice.is_credit_note.is_(False))
    if data.credits_invoice_id is not None:
        named = session.exec(query.where(Invoice.id == data.credits_invoice_id)).first()
        wanted = f"faktura {data.credits_invoice_id}"
    elif data.credits_number and data.credits_number.strip():
        named = session.exec(query.where(Invoice.number == data.credits_number.strip())
                             .order_by(Invoice.state == "refused", Invoice.id)).first()
        wanted = f"faktura nr. {data.credits_number.strip()}"
    else:
        raise InputError("En kreditnota skal angive, hvilken faktura på sagen den krediterer.")
    if named is None:
        raise InputError(f"Kreditnotaen krediterer {wanted}, men den er ikke registreret på "
                         f"sag {application.reference}.")
    if not invoice_rules.same_supplier(named.supplier_name, named.supplier_cvr,
                                       data.supplier_name, data.supplier_cvr):
        raise InputError(f"Kreditnotaen er fra {data.supplier_name}, men faktura nr. "
                         f"{named.number} er fra {named.supplier_name}.")
    if named.state == "refused":
        raise InputError(f"Faktura nr. {named.number} er afvist; der er intet at kreditere.")
    credited = case_money(session, application).invoices[named.id].credited
    violation = invoice_rules.credit_note_fits(-data.amount, named.number, named.amount, credited)
    if violation is not None:
        raise RuleViolation(violation.rule, violation.message)
    return named


def register_invoice(session: Session, application: Application, actor: Actor,
                     data: InvoiceInput) -> Invoice:
    """Store an invoice or credit note on a granted case, checked against R6–R9."""
    application = lock_application(session, application.id)
    if application.state != "approved":
        raise IllegalTransition("Fakturaer kan kun registreres på en bevilget sag.")
    if data.amount == 0:
        raise InputError("Fakturaens beløb kan ikke være 0,00 kr.")
    if (data.amount < 0) != data.is_credit_note:
        raise InputError("En kreditnota har et negativt beløb; en faktura et positivt.")
    if data.source != "xml" and (missing := invoice_rules.buyer_cvr_given(data.buyer_cvr)):
        raise RuleViolation(missing.rule, missing.message)
    organisation = lock_organisation(session, _organisation(session, application).id)
    _refuse_duplicate(session, organisation, data)
    credited = _credited_invoice(session, application, data) if data.is_credit_note else None
    invoice = Invoice(application_id=application.id, **data.model_dump(include=_ROW_FIELDS),
                      supplier_name=data.supplier_name.strip(), number=data.number.strip(),
                      credits_invoice_id=credited.id if credited else None)
    pool = session.get(Pool, application.pool_id)
    invoice.notice = invoice_rules.delivered_late(
        data.activity_date, rules.invoice_deadline(application.period_end,
                                                   pool.invoice_deadline_days))
    session.add(invoice)
    session.flush()
    audit.record(session, actor, "register_invoice", invoice=invoice, to_state=invoice.state,
                 note=f"{invoice.supplier_name} nr. {invoice.number}: "
                 f"{format_money(invoice.amount)}")
    violation = document_violation(
        invoice, organisation=organisation, case=application, payee_name=data.payee_name,
        payee_cvr=data.payee_cvr, approved_on=None if credited else approved_on(application))
    if violation is not None:
        # The reason is read by the resident too: the message only; the rule's code apart.
        refuse_invoice(session, invoice, Actor.system(), violation.message, rule=violation.rule)
    elif credited is not None:
        _apply_credit_note(session, application, invoice, credited, organisation)
    session.flush()
    refresh_case(session, application.id)
    return invoice


def _apply_credit_note(session: Session, application: Application, note: Invoice,
                       credited: Invoice, organisation: Organisation) -> None:
    """A credit note counts at once; an unpaid invoice it credits in full is cancelled."""
    money = case_money(session, application)
    taken = InvoiceFlow(note).fire(AcceptInvoice(
        organisation=organisation, case=application, cost=note.amount, free=money.free,
        granted=money.granted))
    audit.transition(session, Actor.system(), taken, invoice=note, action="invoice_accept",
                     note=f"Krediterer faktura nr. {credited.number} med "
                     f"{format_money(-note.amount)}")
    after = case_money(session, application).invoices[credited.id]
    if credited.state in ("received", "accepted") and after.amount - after.credited <= 0:
        reason = f"Krediteret fuldt ud af kreditnota nr. {note.number}"
        taken = InvoiceFlow(credited).fire(CancelInvoice(reason))
        audit.transition(session, Actor.system(), taken, invoice=credited,
                         action="invoice_cancel", note=reason)
        credited.refusal_reason = f"Krediteret fuldt ud af kreditnota nr. {note.number}."
        credited.refusal_rule = "R8"
    elif after.refund_due:
        note.notice = "\n".join(filter(None, [
            note.notice, f"Faktura nr. {credited.number} er betalt: {credited.supplier_name} "
            f"skal betale {format_money(after.refund_due)} tilbage."]))


def accept_invoice(session: Session, invoice: Invoice, actor: Actor, *,
                   partial: int | None = None) -> Invoice:
    """Approve an invoice for payment, wholly or (``partial`` øre) in part; R6–R9 again."""
    application = lock_application(session, invoice.application_id)
    invoice = lock_invoice(session, invoice)
    money = case_money(session, application)
    figures = money.invoices.get(invoice.id)
    cost = figures.amount - figures.credited if figures else invoice.amount
    note = None
    if partial is not None and partial != cost:
        note = f"Godkendt {format_money(partial)} af {format_money(cost)}"
    taken = InvoiceFlow(invoice).fire(AcceptInvoice(
        organisation=_organisation(session, application), case=application,
        approved_on=approved_on(application), cost=cost, free=money.free,
        granted=money.granted, partial=partial))
    audit.transition(session, actor, taken, invoice=invoice, action="invoice_accept", note=note)
    invoice.accepted_amount = partial if partial is not None else cost
    session.flush()
    return invoice


def refuse_invoice(session: Session, invoice: Invoice, actor: Actor, reason: str, *,
                   rule: str | None = None) -> Invoice:
    """Refuse an invoice with a reason the caseworker and the resident can read."""
    invoice = lock_invoice(session, invoice)
    taken = InvoiceFlow(invoice).fire(RefuseInvoice(reason))
    audit.transition(session, actor, taken, invoice=invoice, action="invoice_refuse",
                     note=reason)
    invoice.refusal_reason = reason.strip()
    invoice.refusal_rule = rule
    session.flush()
    notifications.invoice_refused(session, invoice)
    return invoice
