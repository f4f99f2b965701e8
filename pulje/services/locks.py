"""Row locks for the checks that must not race: the pool's room (R1) and a grant's rest (R8).

On PostgreSQL these are SELECT ... FOR UPDATE; on SQLite the whole transaction already holds
the write lock from BEGIN IMMEDIATE (see pulje.db), and FOR UPDATE renders as nothing.
"""

from __future__ import annotations

from sqlmodel import Session, select

from pulje.models import Application, Pool
from pulje.services.errors import NotFound


def lock_pool(session: Session, pool_id: int) -> Pool:
    """Load the pool row locked for this transaction, with fresh values."""
    pool = session.exec(
        select(Pool).where(Pool.id == pool_id).with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if pool is None:
        raise NotFound("Puljen findes ikke.")
    return pool


def lock_application(session: Session, application_id: int) -> Application:
    """Load the case row locked for this transaction, with fresh values."""
    application = session.exec(
        select(Application).where(Application.id == application_id).with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if application is None:
        raise NotFound("Sagen findes ikke.")
    return application
