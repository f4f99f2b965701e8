"""Writing the audit trail: one entry per transition, added and never changed."""

from __future__ import annotations

from sqlmodel import Session

from pulje.models import Application, AuditEntry, Invoice
from pulje.services import audit_guard  # noqa: F401  (installs the append-only guard)
from pulje.services.actors import Actor
from workflows.machine import Flow


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    application: Application | None = None,
    invoice: Invoice | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add one audit entry for ``action`` on a case and/or invoice."""
    application_id: int | None
    if application is None and invoice is not None:
        application_id = invoice.application_id
    else:
        application_id = application.id if application is not None else None
    entry = AuditEntry(
        actor_role=actor.role, actor_name=actor.name, action=action,
        application_id=application_id, invoice_id=invoice.id if invoice is not None else None,
        from_state=from_state, to_state=to_state, note=note,
    )
    session.add(entry)
    return entry


def step(
    session: Session,
    actor: Actor,
    flow: Flow,
    trigger: str,
    *,
    note: str | None = None,
    application: Application | None = None,
    invoice: Invoice | None = None,
    action: str | None = None,
    **context,
) -> AuditEntry:
    """Fire ``trigger`` on ``flow`` (raising if a rule refuses) and record the transition."""
    before = flow.state
    flow.fire(trigger, note=note, **context)
    return record(session, actor, action or trigger, application=application, invoice=invoice,
                  from_state=before, to_state=flow.state, note=note)
