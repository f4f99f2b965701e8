"""Reading cases into the plain data the report builders take (reports.data)."""

from __future__ import annotations

from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    Department,
    Invoice,
    Organisation,
    Payment,
    Pool,
    Refund,
)
from pulje.services.accounting import CaseMoney, case_money
from pulje.services.history import actor_label, past_tense
from pulje.services.notes import notes_of
from pulje.services.rulesets import purpose_labels
from pulje.services.terms import invoice_deadline, rule_version_text
from reports.data import (
    ApplicationData,
    AuditLine,
    BudgetLineData,
    CaseStatementData,
    DecisionLetterData,
    InvoiceLine,
    NoteLine,
    OrganisationInfo,
    PaymentLine,
)
from workflows.application import RELEASED_STATES, STATE_LABELS
from workflows.invoice import STATE_LABELS as INVOICE_LABELS
from workflows.invoice import label as invoice_label
from workflows.money import format_money


def organisation_info(organisation: Organisation) -> OrganisationInfo:
    return OrganisationInfo(name=organisation.name, legal_name=organisation.legal_name,
                            cvr=organisation.cvr, address=organisation.address,
                            phone=organisation.phone, email=organisation.email,
                            invoice_address=organisation.invoice_address,
                            invoice_email=organisation.invoice_email, ean=organisation.ean)


def draft_application_data(data, organisation: Organisation, pool: Pool,
                           department: Department) -> ApplicationData:
    """The application as the board would see it, before it has a reference (for R3)."""
    return ApplicationData(
        organisation=organisation_info(organisation), reference=None, submitted_at=None,
        applicant_name=data.applicant_name, applicant_address=data.applicant_address,
        applicant_email=data.applicant_email, applicant_phone=data.applicant_phone,
        department=f"{department.number} {department.name}", title=data.title,
        purpose=data.purpose, expected_participants=data.expected_participants,
        period_start=data.period_start, period_end=data.period_end,
        across_departments=data.across_departments, short_notice=data.short_notice,
        small_group=data.small_group,
        budget_lines=tuple(BudgetLineData(line.description, line.amount) for line in data.budget),
        requested=data.requested, pool_year=pool.year, rule_version=rule_version_text(pool),
        purpose_labels=tuple(purpose_labels(object_session(pool), pool).items()),
    )


def application_data(session: Session, application: Application) -> ApplicationData:
    """A stored application as the report builders take it."""
    pool = session.get(Pool, application.pool_id)
    department = session.get(Department, application.department_id)
    organisation = session.get(Organisation, pool.organisation_id)
    lines = session.exec(select(BudgetLine).where(BudgetLine.application_id == application.id)
                         .order_by(BudgetLine.position)).all()
    return ApplicationData(
        organisation=organisation_info(organisation), reference=application.reference,
        submitted_at=application.submitted_at, applicant_name=application.applicant_name,
        applicant_address=application.applicant_address,
        applicant_email=application.applicant_email,
        applicant_phone=application.applicant_phone,
        department=f"{department.number} {department.name}", title=application.title,
        purpose=application.purpose, expected_participants=application.expected_participants,
        period_start=application.period_start, period_end=application.period_end,
        across_departments=application.across_departments,
        short_notice=application.short_notice, small_group=application.small_group,
        budget_lines=tuple(BudgetLineData(line.description, line.amount) for line in lines),
        requested=application.requested, pool_year=pool.year,
        rule_version=application.rule_version or rule_version_text(pool),
        purpose_labels=tuple(purpose_labels(session, pool, application.rule_set_id).items()),
    )


def case_statement_data(session: Session, application: Application) -> CaseStatementData:
    """Grant, invoices, payments and history of one case."""
    invoices = session.exec(select(Invoice).where(Invoice.application_id == application.id)
                            .order_by(Invoice.id)).all()
    by_id = {invoice.id: invoice for invoice in invoices}
    payments = session.exec(
        select(Payment).join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.application_id == application.id).order_by(Payment.id)).all()
    entries = session.exec(select(AuditEntry).where(AuditEntry.application_id == application.id)
                           .order_by(AuditEntry.id)).all()
    refunds = session.exec(
        select(Refund).join(Invoice, Invoice.id == Refund.invoice_id)
        .where(Invoice.application_id == application.id).order_by(Refund.id)).all()
    money = case_money(session, application)
    ended = application.state in RELEASED_STATES
    return CaseStatementData(
        application=application_data(session, application),
        state=STATE_LABELS[application.state], granted=application.granted,
        invoices=tuple(InvoiceLine(
            supplier_name=i.supplier_name, supplier_cvr=i.supplier_cvr, number=i.number,
            issue_date=i.issue_date, amount=i.amount, state=invoice_label(i),
            refusal_reason=i.refusal_reason, note=invoice_note(i, money, by_id),
            payment_account=i.payment_account) for i in invoices),
        payments=tuple(PaymentLine(
            paid_on=p.paid_on, supplier_name=by_id[p.invoice_id].supplier_name,
            invoice_number=by_id[p.invoice_id].number, amount=p.amount, reference=p.reference)
            for p in payments),
        paid=money.paid,
        remaining=0 if ended else money.free,
        released=money.remaining if ended else 0,
        audit=tuple(audit_line(e) for e in entries),
        accepted_unpaid=0 if ended else money.accepted_unpaid,
        refunds_due=money.refunds_due,
        refunds=tuple(PaymentLine(
            paid_on=r.received_on, supplier_name=by_id[r.invoice_id].supplier_name,
            invoice_number=by_id[r.invoice_id].number, amount=r.amount, reference=r.reference)
            for r in refunds),
        notes=tuple(NoteLine(at=note.created_at, author=note.author_name, text=note.body)
                    for note in notes_of(session, application.id)),
    )


def invoice_note(invoice: Invoice, money: CaseMoney, by_id: dict[int, Invoice]) -> str | None:
    """What a reader needs besides the state: a partial acceptance, a credit, a refund owed."""
    if invoice.credits_invoice_id is not None:
        return f"krediterer faktura nr. {by_id[invoice.credits_invoice_id].number}"
    figures = money.invoices.get(invoice.id)
    notes = []
    if figures is not None and figures.partial:
        notes.append(f"godkendt {format_money(figures.accepted)} af "
                     f"{format_money(figures.amount)}")
    if figures is not None and figures.refund_due:
        notes.append(f"leverandøren skal betale {format_money(figures.refund_due)} tilbage")
    return "; ".join(notes) or None


def audit_line(entry: AuditEntry) -> AuditLine:
    """One audit entry in words."""
    on_invoice = entry.action == "register_invoice" or entry.action.startswith("invoice_")
    labels = INVOICE_LABELS if on_invoice else STATE_LABELS
    return AuditLine(
        at=entry.at, actor=actor_label(entry.actor_role, entry.actor_name),
        action=past_tense(entry.action),
        from_state=labels.get(entry.from_state, entry.from_state),
        to_state=labels.get(entry.to_state, entry.to_state), note=entry.note)


def decider_name(session: Session, application: Application) -> str:
    """The caseworker who approved or rejected the case, from the audit trail."""
    entry = session.exec(select(AuditEntry).where(
        AuditEntry.application_id == application.id,
        AuditEntry.action.in_(("approve", "reject"))).order_by(AuditEntry.id.desc())).first()
    return entry.actor_name if entry else ""


def decision_letter_data(session: Session, application: Application) -> DecisionLetterData:
    """The approval or rejection letter of a decided case."""
    pool = session.get(Pool, application.pool_id)
    return DecisionLetterData(
        application=application_data(session, application),
        approved=application.granted is not None, decided_at=application.decided_at,
        granted=application.granted, reason=application.decision_reason,
        invoice_deadline=invoice_deadline(pool, application) if application.granted else None,
        caseworker_name=decider_name(session, application))
