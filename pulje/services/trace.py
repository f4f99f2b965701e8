"""Tracing a payment back to the people who decided it: grant, invoice acceptance, payment."""

from __future__ import annotations

from sqlmodel import Session, col, select

from pulje.models import Application, AuditEntry, Invoice, Payment, Pool
from pulje.services.actors import Actor
from pulje.services.errors import WorkflowError

# Roles that may take a money decision; a resident or the system never approves or pays.
DECIDING_ROLES = ("caseworker", "admin")


class UntraceablePayment(WorkflowError):
    """A payment whose chain of decisions is missing a link or a responsible person."""


def _one(session: Session, what: str, payment: Payment, query) -> AuditEntry:
    entries = session.exec(query.order_by(AuditEntry.id)).all()
    if len(entries) != 1:
        found = "mangler" if not entries else f"findes {len(entries)} gange"
        raise UntraceablePayment(
            f"Betaling {payment.id} kan ikke spores: revisionssporets post for {what} {found}.")
    entry = entries[0]
    if entry.actor_role not in DECIDING_ROLES or not entry.actor_name.strip():
        raise UntraceablePayment(
            f"Betaling {payment.id} kan ikke spores: {what} er ikke foretaget af en navngiven "
            f"sagsbehandler eller administrator ({entry.actor_role} {entry.actor_name}).")
    return entry


def trace_payment(session: Session, payment: Payment) -> list[AuditEntry]:
    """The grant decision, the invoice acceptance and the payment entry behind ``payment``.

    Raises UntraceablePayment when a link is missing, is ambiguous, was not taken by a named
    caseworker or administrator, or the payment entry's person is not the one recorded on it.
    """
    invoice = session.get_one(Invoice, payment.invoice_id)
    application = session.get_one(Application, invoice.application_id)
    decision = _one(session, f"bevillingen af sag {application.reference}", payment,
                    select(AuditEntry).where(AuditEntry.application_id == application.id,
                                             col(AuditEntry.invoice_id).is_(None),
                                             AuditEntry.action == "approve",
                                             AuditEntry.to_state == "approved"))
    acceptance = _one(session, f"godkendelsen af faktura {invoice.id}", payment,
                      select(AuditEntry).where(AuditEntry.invoice_id == invoice.id,
                                               AuditEntry.action == "invoice_accept",
                                               AuditEntry.to_state == "accepted"))
    paid = _one(session, f"betalingen af faktura {invoice.id}", payment,
                select(AuditEntry).where(AuditEntry.invoice_id == invoice.id,
                                         AuditEntry.action == "invoice_pay",
                                         AuditEntry.to_state == "paid"))
    if Actor(paid.actor_role, paid.actor_name).label != payment.recorded_by:
        raise UntraceablePayment(
            f"Betaling {payment.id} kan ikke spores: den er registreret af {payment.recorded_by}, "
            f"men revisionssporet nævner {paid.actor_name}.")
    if not decision.at <= acceptance.at <= paid.at:
        raise UntraceablePayment(
            f"Betaling {payment.id} kan ikke spores: revisionssporets poster står ikke i "
            "rækkefølgen bevilling, godkendelse, betaling.")
    return [decision, acceptance, paid]


def untraceable_payments(session: Session, organisation_id: int) -> list[UntraceablePayment]:
    """Every payment of the organisation that cannot be traced, with the reason why."""
    payments = session.exec(
        select(Payment).join(Invoice, col(Invoice.id) == Payment.invoice_id)
        .join(Application, col(Application.id) == Invoice.application_id)
        .join(Pool, col(Pool.id) == Application.pool_id)
        .where(Pool.organisation_id == organisation_id).order_by(col(Payment.id))).all()
    problems = []
    for payment in payments:
        try:
            trace_payment(session, payment)
        except UntraceablePayment as exc:
            problems.append(exc)
    return problems
