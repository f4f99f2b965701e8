"""Reading a pool year's grants and payments into the rows the exports write (pulje.exports)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from pulje.exports import GrantExportRow, PaymentExportRow
from pulje.models import Application, Department, Invoice, Organisation, Payment, Pool
from pulje.services.rulesets import purpose_labels

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def grant_rows(session: Session, pool: Pool) -> list[GrantExportRow]:
    """Every grant of the pool year — never the applicant — with what was paid on it."""
    organisation = session.get(Organisation, pool.organisation_id)
    paid = (select(Invoice.application_id, func.sum(Payment.amount).label("paid"))
            .join(Payment, Payment.invoice_id == Invoice.id)
            .join(Application, Application.id == Invoice.application_id)
            .where(Application.pool_id == pool.id).group_by(Invoice.application_id).subquery())
    named: dict[int | None, dict[str, str]] = {}

    def labels(rule_set_id: int | None) -> dict[str, str]:
        """The purposes of the rules each case was decided under, read once per version."""
        if rule_set_id not in named:
            named[rule_set_id] = purpose_labels(session, pool, rule_set_id)
        return named[rule_set_id]

    rows = session.exec(
        select(Application, Department, paid.c.paid)
        .join(Department, Department.id == Application.department_id)
        .outerjoin(paid, paid.c.application_id == Application.id)
        .where(Application.pool_id == pool.id, Application.granted.is_not(None))
        .order_by(Application.reference)).all()
    return [GrantExportRow(
        reference=case.reference, stable_id=case.reference, title=case.title,
        description=case.purpose, department_name=department.name,
        department_number=department.number, amount_granted=case.granted,
        award_date=case.decided_at.astimezone(COPENHAGEN).date(), pool_year=pool.year,
        organisation_name=organisation.name, organisation_legal_name=organisation.legal_name,
        organisation_cvr=organisation.cvr,
        purposes=tuple((key, label) for key, label in labels(case.rule_set_id).items()
                       if getattr(case, key)),
        amount_disbursed=int(paid_sum or 0), period_start=case.period_start,
        period_end=case.period_end) for case, department, paid_sum in rows]


def payment_rows(session: Session, pool: Pool) -> list[PaymentExportRow]:
    """Every payment to a supplier on the pool year's cases, in the order they were made."""
    rows = session.exec(
        select(Payment, Invoice, Application.reference)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .where(Application.pool_id == pool.id).order_by(Payment.paid_on, Payment.id)).all()
    return [PaymentExportRow(
        paid_on=payment.paid_on, case_reference=reference, supplier_name=invoice.supplier_name,
        supplier_cvr=invoice.supplier_cvr, invoice_number=invoice.number, amount=payment.amount,
        account=invoice.payment_account, payment_reference=payment.reference)
        for payment, invoice, reference in rows]
