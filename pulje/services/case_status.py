"""What the resident's status page shows of one case — their own case and nothing else.

A read of the database only; how the case's path is drawn is the web layer's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    Department,
    Invoice,
    Message,
    Organisation,
    Payment,
    Pool,
    RuleSet,
)
from pulje.models.ids import id_of
from pulje.services.accounting import CaseMoney, case_money
from pulje.services.terms import invoice_deadline
from workflows.application import FINAL_STATES, ApplicationFlow


@dataclass(frozen=True)
class InvoiceView:
    """A supplier's invoice on the case and what has been paid on it."""

    invoice: Invoice
    payments: tuple[Payment, ...]


@dataclass(frozen=True)
class CaseView:
    """The status page's data: the case, where it stands, what was said, the money."""

    application: Application
    organisation: Organisation
    pool: Pool
    department: Department
    budget: tuple[BudgetLine, ...]
    left_from: str | None
    messages: tuple[Message, ...]
    allowed: tuple[str, ...]
    money: CaseMoney
    invoices: tuple[InvoiceView, ...]
    invoice_deadline: date | None

    @property
    def final(self) -> bool:
        """Whether the case has reached a final state."""
        return self.application.state in FINAL_STATES

    @property
    def open_question(self) -> Message | None:
        """The caseworker's question waiting for an answer."""
        if "answer" not in self.allowed:
            return None
        questions = [m for m in self.messages if m.sender_role != "resident"]
        return questions[-1] if questions else None

    @property
    def letter_kind(self) -> str | None:
        """Which decision letter the case has: 'tilsagn', 'afslag' or none yet."""
        if self.application.granted and self.application.decided_at:
            return "tilsagn"
        if self.application.state == "rejected" and self.application.decided_at:
            return "afslag"
        return None

    @property
    def payments(self) -> tuple[Payment, ...]:
        """Every payment on the case, invoice by invoice."""
        return tuple(p for item in self.invoices for p in item.payments)


def _left_from(session: Session, application: Application) -> str | None:
    """For a final case, the state it was in before (where a withdrawn case left the path)."""
    if application.state not in FINAL_STATES:
        return None
    entry = session.exec(select(AuditEntry).where(
        AuditEntry.application_id == application.id, col(AuditEntry.invoice_id).is_(None),
        AuditEntry.to_state == application.state).order_by(col(AuditEntry.id).desc())).first()
    return entry.from_state if entry else None


def case_view(session: Session, application: Application) -> CaseView:
    """Read everything the resident may see on their own case."""
    # The pool, its organisation and the department in one statement, with the invoice
    # deadline of the rules the case was decided under (terms.deadline_days reads it there).
    place: Any = session.exec(  # a Row: period_end, rule_set_id, rule_deadline_days as a case's
        select(Pool, Organisation, Department,  # type: ignore[call-overload]
               Application.period_end, Application.rule_set_id,
               col(RuleSet.invoice_deadline_days).label("rule_deadline_days"))
        .select_from(Application)
        .join(Pool, col(Pool.id) == Application.pool_id)
        .join(Organisation, col(Organisation.id) == Pool.organisation_id)
        .join(Department, col(Department.id) == Application.department_id)
        .outerjoin(RuleSet, col(RuleSet.id) == Application.rule_set_id)
        .where(Application.id == application.id)).one()
    pool = place.Pool
    messages = session.exec(select(Message).where(Message.application_id == application.id)
                            .order_by(col(Message.sent_at), col(Message.id))).all()
    # The invoices with their payments in one statement: an invoice once per payment, or
    # once with None when nothing is paid on it.
    paid_on: dict[int, tuple[Invoice, list[Payment]]] = {}
    for invoice, payment in session.exec(
            select(Invoice, Payment).outerjoin(Payment, col(Payment.invoice_id) == Invoice.id)
            .where(Invoice.application_id == application.id)
            .order_by(col(Invoice.id), col(Payment.id))).all():
        paid = paid_on.setdefault(id_of(invoice), (invoice, []))[1]
        if payment is not None:
            paid.append(payment)
    invoices = [invoice for invoice, _ in paid_on.values()]
    payments = [payment for _, paid in paid_on.values() for payment in paid]
    return CaseView(
        application=application, organisation=place.Organisation, pool=pool,
        department=place.Department,
        budget=tuple(session.exec(select(BudgetLine).where(
            BudgetLine.application_id == application.id).order_by(col(BudgetLine.position))).all()),
        left_from=_left_from(session, application), messages=tuple(messages),
        allowed=tuple(ApplicationFlow(application).allowed()),
        money=case_money(session, application, invoices=invoices, payments=payments),
        invoices=tuple(InvoiceView(invoice, tuple(paid)) for invoice, paid in paid_on.values()),
        invoice_deadline=invoice_deadline(pool, place) if application.granted else None)
