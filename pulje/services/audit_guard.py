"""The ORM half of the append-only audit trail: no session may change or delete an AuditEntry."""

from __future__ import annotations

from sqlalchemy import Delete, Update, event
from sqlalchemy.orm import ORMExecuteState, Session

from pulje.models import AuditEntry

MESSAGE = "Revisionssporet kan ikke ændres eller slettes; der kan kun tilføjes nye poster."


class AuditTrailImmutable(RuntimeError):
    """Code tried to change or delete an audit entry: a programming error, never a user's."""

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)
        self.message = message


def _refuse_changed_entries(session: Session, _flush_context, _instances) -> None:
    # A loaded entry whose attributes were assigned but not actually changed is harmless;
    # is_modified() tells the two apart so only a real change is refused.
    if any(isinstance(obj, AuditEntry) for obj in session.deleted):
        raise AuditTrailImmutable()
    if any(isinstance(obj, AuditEntry) and session.is_modified(obj) for obj in session.dirty):
        raise AuditTrailImmutable()


def _refuse_bulk_statements(state: ORMExecuteState) -> None:
    # session.execute(update(AuditEntry)) and delete(...) never pass through a flush.
    statement = state.statement
    if isinstance(statement, Update | Delete) and \
            getattr(statement.table, "name", None) == AuditEntry.__tablename__:
        raise AuditTrailImmutable()


def install() -> None:
    """Guard every session (SQLModel's included); installing twice adds nothing."""
    for name, listener in (("before_flush", _refuse_changed_entries),
                           ("do_orm_execute", _refuse_bulk_statements)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


install()
