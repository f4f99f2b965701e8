"""Everything the caseworker's case page shows about one case, read in one place.

Reading only: the page's steps are the services in ``decisions``, ``invoices`` and
``payments``. Which steps are offered comes from the workflows, the suggested grant from the
pool's figures — so the page holds no rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from pulje import clock
from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    CaseNote,
    Department,
    Invoice,
    Message,
    Organisation,
    OutboxMail,
    Payment,
    Pool,
    ResidentAttachment,
)
from pulje.models.ids import id_of
from pulje.services.accounting import CaseMoney, InvoiceMoney, PoolFigures, case_money, pool_figures
from pulje.services.attachments import attachments_of
from pulje.services.documents import audit_line
from pulje.services.duplicates import PossibleDuplicate, possible_duplicates
from pulje.services.notes import notes_of
from pulje.services.notifications import mails_of_case
from pulje.services.queries import case_by_reference
from pulje.services.queue import overdue_reason
from pulje.services.rulesets import purpose_labels
from pulje.services.terms import invoice_deadline
from reports.data import AuditLine
from workflows.application import ApplicationFlow
from workflows.invoice import InvoiceFlow
from workflows.rules import PURPOSE_SLOTS


@dataclass(frozen=True)
class InvoiceFile:
    """One invoice with its payments and the steps it can take now."""

    invoice: Invoice
    payments: tuple[Payment, ...]
    allowed: tuple[str, ...]
    money: InvoiceMoney | None = None  # None for a credit note
    credits: Invoice | None = None  # the invoice a credit note credits
    partial_offer: int | None = None  # above what is left: the part that may be accepted

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)


@dataclass(frozen=True)
class CaseFile:
    """A case as the caseworker sees it: the application, its money, history and next steps."""

    application: Application
    organisation: Organisation
    pool: Pool
    department: Department
    budget: tuple[BudgetLine, ...]
    messages: tuple[Message, ...]
    invoices: tuple[InvoiceFile, ...]
    audit: tuple[AuditLine, ...]
    figures: PoolFigures
    money: CaseMoney
    allowed: tuple[str, ...]
    suggested_grant: int
    invoice_deadline: date
    overdue: str | None
    # The purposes of the rules the case was decided under (else the pool's now), by slot.
    purpose_labels: dict[str, str]
    notes: tuple[CaseNote, ...] = ()
    mails: tuple[OutboxMail, ...] = ()
    attachments: tuple[ResidentAttachment, ...] = ()
    duplicates: tuple[PossibleDuplicate, ...] = ()

    @property
    def can_register_invoice(self) -> bool:
        """Invoices are registered on a granted case only (the service refuses any other)."""
        return self.application.state == "approved"

    @property
    def purposes(self) -> tuple[str, ...]:
        """The R5 purposes the applicant ticked, as field names."""
        a = self.application
        return tuple(name for name in PURPOSE_SLOTS if getattr(a, name))


def _invoice_file(invoice: Invoice, payments: dict[int, list[Payment]], money: CaseMoney,
                  invoices) -> InvoiceFile:
    figures = money.invoices.get(id_of(invoice))
    allowed = tuple(InvoiceFlow(invoice).allowed())
    offer = None
    if figures is not None and "accept" in allowed:
        cost = figures.amount - figures.credited
        # R8: what is above the free part of the grant may only be accepted in part.
        offer = money.free if 0 < money.free < cost else None
    credited = next((i for i in invoices if i.id == invoice.credits_invoice_id), None)
    return InvoiceFile(invoice, tuple(payments.get(id_of(invoice), ())), allowed, figures,
                       credited, offer)


def creditable_invoices(file: CaseFile) -> list[tuple[int, str]]:
    """The invoices on the case a credit note may name (not refused, not credit notes), as
    (id, label) pairs."""
    return [(id_of(item.invoice), f"nr. {item.invoice.number} · {item.invoice.supplier_name}")
            for item in file.invoices
            if not item.invoice.is_credit_note and item.invoice.state != "refused"]


def suggested_grant(requested: int, cap: int, available: int) -> int:
    """What the approve form offers: what was applied for, within the cap and the pool's room."""
    return max(0, min(requested, cap, available))


def case_file(session: Session, organisation_id: int, reference: str, *,
              today: date | None = None) -> CaseFile:
    """The organisation's case ``reference`` with everything its page shows."""
    today = today or clock.today()
    application = case_by_reference(session, organisation_id, reference)
    pool = session.get_one(Pool, application.pool_id)
    invoices = session.exec(select(Invoice).where(Invoice.application_id == application.id)
                            .order_by(col(Invoice.id))).all()
    payments: dict[int, list[Payment]] = {}
    for payment in session.exec(
        select(Payment).join(Invoice, col(Invoice.id) == Payment.invoice_id)
        .where(Invoice.application_id == application.id).order_by(col(Payment.id))
    ).all():
        payments.setdefault(payment.invoice_id, []).append(payment)
    figures = pool_figures(session, pool)
    money = case_money(session, application)
    deadline = invoice_deadline(pool, application)
    has_invoice = any(i.state != "refused" for i in invoices)
    return CaseFile(
        application=application, pool=pool,
        organisation=session.get_one(Organisation, pool.organisation_id),
        department=session.get_one(Department, application.department_id),
        budget=tuple(session.exec(select(BudgetLine)
                                  .where(BudgetLine.application_id == application.id)
                                  .order_by(col(BudgetLine.position))).all()),
        messages=tuple(session.exec(select(Message)
                                    .where(Message.application_id == application.id)
                                    .order_by(col(Message.sent_at), col(Message.id))).all()),
        invoices=tuple(_invoice_file(i, payments, money, invoices) for i in invoices),
        audit=tuple(audit_line(e) for e in session.exec(
            select(AuditEntry).where(AuditEntry.application_id == application.id)
            .order_by(col(AuditEntry.id))).all()),
        figures=figures, money=money,
        allowed=tuple(ApplicationFlow(application).allowed()),
        suggested_grant=suggested_grant(application.requested, pool.cap, figures.available),
        invoice_deadline=deadline,
        overdue=overdue_reason(application.state, application.period_start, deadline,
                               has_invoice, today),
        purpose_labels=purpose_labels(session, pool, application.rule_set_id),
        notes=tuple(notes_of(session, id_of(application))),
        mails=tuple(mails_of_case(session, id_of(application))),
        attachments=tuple(attachments_of(session, id_of(application))),
        duplicates=tuple(possible_duplicates(session, application)),
    )
