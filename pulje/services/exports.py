"""Reading a pool year's grants and payments into the rows the exports write (pulje.exports)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, func, select

from pulje.exports import GrantExportRow, PaymentExportRow
from pulje.models import (
    Application,
    AuditEntry,
    Department,
    Invoice,
    Organisation,
    Payment,
    Pool,
    Refund,
)
from pulje.services.accounting import paid_per_case
from pulje.services.public_text import suggest_public_text
from pulje.services.rulesets import purpose_labels
from workflows.clock import COPENHAGEN


def grant_rows(session: Session, pool: Pool) -> list[GrantExportRow]:
    """Every grant of the pool year with what was paid on it (lapsed and withdrawn ones too).

    The title and description are the public ones the caseworker wrote or accepted at
    approval, never the resident's own words; a grant from before there were any gets the
    suggestion made from its non-personal facts.
    """
    organisation = session.get(Organisation, pool.organisation_id)
    modified = dict(session.exec(
        select(AuditEntry.application_id, func.max(AuditEntry.at))
        .join(Application, Application.id == AuditEntry.application_id)
        .where(Application.pool_id == pool.id).group_by(AuditEntry.application_id)).all())
    paid = paid_per_case(pool.id)
    rows = session.exec(
        select(Application, Department, paid.c.paid)
        .join(Department, Department.id == Application.department_id)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id, Application.granted.is_not(None))
        .order_by(Application.reference)).all()
    named: dict[int | None, dict[str, str]] = {}

    def labels(rule_set_id: int | None) -> dict[str, str]:
        """The purposes of the rules each case was decided under, read once per version."""
        if rule_set_id not in named:
            named[rule_set_id] = purpose_labels(session, pool, rule_set_id)
        return named[rule_set_id]

    return [_grant_row(case, department, paid_sum, organisation, pool, modified.get(case.id),
                       labels(case.rule_set_id))
            for case, department, paid_sum in rows]


def _grant_row(case: Application, department: Department, paid_sum, organisation: Organisation,
               pool: Pool, modified, purposes: dict[str, str]) -> GrantExportRow:
    suggestion = suggest_public_text(case, department)
    if isinstance(modified, str):  # should max() ever come back untyped
        modified = datetime.fromisoformat(modified).replace(tzinfo=UTC)
    return GrantExportRow(
        reference=case.reference, stable_id=case.reference,
        title=case.public_title or suggestion.title,
        description=case.public_description or suggestion.description,
        department_name=department.name,
        department_number=department.number, amount_granted=case.granted,
        award_date=case.decided_at.astimezone(COPENHAGEN).date(), pool_year=pool.year,
        organisation_name=organisation.name, organisation_legal_name=organisation.legal_name,
        organisation_cvr=organisation.cvr,
        purposes=tuple((key, label) for key, label in purposes.items() if getattr(case, key)),
        amount_disbursed=int(paid_sum or 0), period_start=case.period_start,
        period_end=case.period_end, modified=modified)


def payment_rows(session: Session, pool: Pool) -> list[PaymentExportRow]:
    """Every payment to a supplier on the pool year's cases, and every refund a supplier made
    after a credit note (a negative amount: money back), in the order they happened."""
    rows = session.exec(
        select(Payment, Invoice, Application.reference)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool.id).order_by(Payment.paid_on, Payment.id)).all()
    refunds = session.exec(
        select(Refund, Invoice, Application.reference)
        .join(Invoice, Invoice.id == Refund.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool.id).order_by(Refund.received_on, Refund.id)).all()
    paid = [PaymentExportRow(
        paid_on=payment.paid_on, case_reference=reference, supplier_name=invoice.supplier_name,
        supplier_cvr=invoice.supplier_cvr, invoice_number=invoice.number, amount=payment.amount,
        account=invoice.payment_account, payment_reference=payment.reference,
        invoice_amount=invoice.amount)
        for payment, invoice, reference in rows]
    back = [PaymentExportRow(
        paid_on=refund.received_on, case_reference=reference,
        supplier_name=invoice.supplier_name, supplier_cvr=invoice.supplier_cvr,
        invoice_number=invoice.number, amount=-refund.amount, account=None,
        payment_reference=" ".join(filter(None, ["Tilbagebetaling efter kreditnota",
                                                 refund.reference])))
        for refund, invoice, reference in refunds]
    return sorted(paid + back, key=lambda row: row.paid_on)
