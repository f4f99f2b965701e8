"""Writing the audit trail: one entry per transition, added and never changed.

The services change a row's state themselves (``Flow.fire`` in workflows) and then write
what happened here: ``transition`` for a step taken, ``record`` for an entry without one.
"""

from __future__ import annotations

from sqlmodel import Session

from pulje.models import Application, AuditEntry, Invoice
from pulje.services import audit_guard  # noqa: F401  (installs the append-only guard)
from pulje.services.actors import Actor
from workflows.machine import Transition


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


def transition(
    session: Session,
    actor: Actor,
    taken: Transition,
    *,
    note: str | None = None,
    application: Application | None = None,
    invoice: Invoice | None = None,
    action: str | None = None,
) -> AuditEntry:
    """Record the transition ``taken`` (named ``action``, by default its trigger)."""
    return record(session, actor, action or taken.trigger, application=application,
                  invoice=invoice, from_state=taken.source, to_state=taken.dest, note=note)
