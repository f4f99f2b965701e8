"""Row locks for the checks that must not race: the pool's room (R1) and a grant's rest (R8).

On PostgreSQL these are SELECT ... FOR NO KEY UPDATE; on SQLite the whole transaction already
holds the write lock from BEGIN IMMEDIATE (see pulje.engine), and FOR UPDATE renders as nothing.
Locks are always taken in the order pool → case → organisation → invoice, so two steps cannot
deadlock (the organisation row guards invoice numbers, unique across its cases).

Under READ COMMITTED every statement after the lock sees what the previous holder committed,
but rows loaded *before* it stay as they were in the session: the lock reloads the locked row
and expires the case's invoices, so the guards read the state the previous holder left.
"""

from __future__ import annotations

from sqlmodel import Session, select

from pulje.models import Application, Invoice, Organisation, Pool
from pulje.services.errors import NotFound


def _locked(session: Session, model, row_id: int):
    # NO KEY UPDATE, not UPDATE: the key never changes, and FOR UPDATE would also make every
    # insert referencing the row (audit entries, invoices, messages) wait for our commit.
    return session.exec(
        select(model).where(model.id == row_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).first()


def lock_pool(session: Session, pool_id: int) -> Pool:
    """Load the pool row locked for this transaction, with fresh values."""
    pool = _locked(session, Pool, pool_id)
    if pool is None:
        raise NotFound("Puljen findes ikke.")
    return pool


def lock_application(session: Session, application_id: int) -> Application:
    """Load the case row locked for this transaction, with fresh values and fresh invoices."""
    application = _locked(session, Application, application_id)
    if application is None:
        raise NotFound("Sagen findes ikke.")
    # Every change to a case's invoices happens under this lock: reload them when next read.
    for row in list(session.identity_map.values()):
        if isinstance(row, Invoice) and row.application_id == application_id:
            session.expire(row)
    return application


def lock_invoice(session: Session, invoice: Invoice) -> Invoice:
    """Lock the invoice's case, then the invoice itself, and return it with fresh values."""
    lock_application(session, invoice.application_id)
    locked = _locked(session, Invoice, invoice.id)
    if locked is None:
        raise NotFound("Fakturaen findes ikke.")
    return locked


def lock_organisation(session: Session, organisation_id: int) -> Organisation:
    """Lock the organisation row: invoice numbers are unique per organisation, across cases."""
    organisation = _locked(session, Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Organisationen findes ikke.")
    return organisation
