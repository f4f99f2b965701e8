"""What the resident's status page shows of one case — their own case and nothing else.

A read of the database only; how the case's path is drawn is the web layer's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

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
)
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
        AuditEntry.application_id == application.id, AuditEntry.invoice_id.is_(None),
        AuditEntry.to_state == application.state).order_by(AuditEntry.id.desc())).first()
    return entry.from_state if entry else None


def case_view(session: Session, application: Application) -> CaseView:
    """Read everything the resident may see on their own case."""
    pool = session.get(Pool, application.pool_id)
    messages = session.exec(select(Message).where(Message.application_id == application.id)
                            .order_by(Message.sent_at, Message.id)).all()
    invoices = session.exec(select(Invoice).where(Invoice.application_id == application.id)
                            .order_by(Invoice.id)).all()
    payments = session.exec(
        select(Payment).join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.application_id == application.id).order_by(Payment.id)).all()
    return CaseView(
        application=application, organisation=session.get(Organisation, pool.organisation_id),
        pool=pool, department=session.get(Department, application.department_id),
        budget=tuple(session.exec(select(BudgetLine).where(
            BudgetLine.application_id == application.id).order_by(BudgetLine.position)).all()),
        left_from=_left_from(session, application), messages=tuple(messages),
        allowed=tuple(ApplicationFlow(application).allowed()),
        money=case_money(session, application),
        invoices=tuple(InvoiceView(i, tuple(p for p in payments if p.invoice_id == i.id))
                       for i in invoices),
        invoice_deadline=invoice_deadline(pool, application) if application.granted else None)
