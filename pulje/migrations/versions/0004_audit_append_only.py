"""audit trail append-only; retention years per pool

The database refuses every DELETE on audit_entry and every UPDATE except one: the redaction
that GDPR retention needs (pulje.services.retention). A redaction may only replace a
resident's name with the anonymous name, and the free-text note of a resident's entry or of a
question, answer, rejection or withdrawal with the redaction marker; who acted in which role,
when, what and the states before and after never change. Both engines enforce the same rule,
PostgreSQL with a PL/pgSQL trigger (TRUNCATE too), SQLite with RAISE(ABORT) triggers.

A later SQLite migration that makes Alembic recreate audit_entry (batch "move and copy") drops
these triggers and must create them again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 12:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of pulje.services.retention's values: a migration must not follow later edits.
ANONYMOUS_NAME = "Anonymiseret ansøger"
REDACTED = "[anonymiseret]"
FREE_TEXT_ACTIONS = "('request_info', 'answer', 'reject', 'withdraw')"
MESSAGE = "Revisionssporet kan ikke ændres eller slettes; der kan kun tilføjes nye poster."


def _redaction_only(same: str) -> str:
    """The condition under which an UPDATE is the permitted redaction; ``same`` is IS / IS NOT
    DISTINCT FROM, the null-safe equality of the engine."""
    unchanged = " AND ".join(
        f"NEW.{column} {same} OLD.{column}"
        for column in ("id", "at", "actor_role", "application_id", "invoice_id", "action",
                       "from_state", "to_state"))
    return (
        f"{unchanged}"
        f" AND (NEW.actor_name {same} OLD.actor_name"
        f" OR (OLD.actor_role = 'resident' AND NEW.actor_name = '{ANONYMOUS_NAME}'))"
        f" AND (NEW.note {same} OLD.note"
        f" OR (NEW.note = '{REDACTED}' AND (OLD.actor_role = 'resident'"
        f" OR OLD.action IN {FREE_TEXT_ACTIONS})))"
    )


POSTGRESQL_UP = (
    f"""
    CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF {_redaction_only('IS NOT DISTINCT FROM')} THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()
    """,
    """
    CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()
    """,
)
POSTGRESQL_DOWN = (
    "DROP TRIGGER audit_entry_no_truncate ON audit_entry",
    "DROP TRIGGER audit_entry_append_only ON audit_entry",
    "DROP FUNCTION audit_entry_append_only()",
)
SQLITE_UP = (
    f"""
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
    FOR EACH ROW WHEN NOT ({_redaction_only('IS')})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
    FOR EACH ROW BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
)
SQLITE_DOWN = (
    "DROP TRIGGER audit_entry_no_delete",
    "DROP TRIGGER audit_entry_no_update",
)


def _statements(postgresql: Sequence[str], sqlite: Sequence[str]) -> Sequence[str]:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql
    if dialect == "sqlite":
        return sqlite
    return ()


def upgrade() -> None:
    with op.batch_alter_table('pool', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), nullable=False,
                                      server_default='5'))
    for statement in _statements(POSTGRESQL_UP, SQLITE_UP):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(POSTGRESQL_DOWN, SQLITE_DOWN):
        op.execute(statement)
    with op.batch_alter_table('pool', schema=None) as batch_op:
        batch_op.drop_column('retention_years')
