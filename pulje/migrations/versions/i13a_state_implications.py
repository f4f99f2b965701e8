"""what each state implies, as check constraints; constraints named by one convention

The models' metadata now names every constraint (pulje/models/naming.py) the way PostgreSQL
names unnamed ones itself, so a PostgreSQL database keeps its names; on SQLite the tables
rebuilt here (batch mode) get those names written into their definition.

Revision ID: i13a
Revises: i17a
Create Date: 2026-11-30 10:50:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'i13a'
down_revision: str | None = 'i17a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# pulje/models/naming.py on the day of this migration.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(constraint_name)s",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}
DECIDED = "'approved', 'rejected', 'closed', 'lapsed'"
GRANTED = "'approved', 'closed', 'lapsed'"
GRANTED_ONCE = "'approved', 'withdrawn', 'closed', 'lapsed'"
ENDED = "'withdrawn', 'closed', 'lapsed'"

# (table, constraint, condition): written out here, as they were on the day of the migration.
CHECKS = (
    ("application", "application_decided_has_time",
     f"state NOT IN ({DECIDED}) OR decided_at IS NOT NULL"),
    ("application", "application_granted_has_amount",
     f"state NOT IN ({GRANTED}) OR granted IS NOT NULL"),
    ("application", "application_granted_only_when_approved",
     f"granted IS NULL OR state IN ({GRANTED_ONCE})"),
    ("application", "application_rejected_has_reason",
     "state <> 'rejected' OR decision_reason IS NOT NULL"),
    ("application", "application_ended_has_time",
     f"state NOT IN ({ENDED}) OR ended_at IS NOT NULL"),
    ("invoice", "invoice_amount_sign",
     "(is_credit_note AND amount < 0) OR (NOT is_credit_note AND amount > 0)"),
    ("invoice", "invoice_accepted_has_amount",
     "state NOT IN ('accepted', 'paid') OR is_credit_note OR accepted_amount IS NOT NULL"),
    ("payment", "payment_amount_positive", "amount > 0"),
)
# Foreign keys earlier migrations named by hand, renamed to the convention:
# (table, old name, new name, column, referred table, on delete).
RENAMED = (
    ("application", "fk_application_rule_set_id_rule_set", "application_rule_set_id_fkey",
     "rule_set_id", "rule_set", "RESTRICT"),
    ("invoice", "fk_invoice_credits_invoice_id", "invoice_credits_invoice_id_fkey",
     "credits_invoice_id", "invoice", "RESTRICT"),
    ("outbox_mail", "fk_outbox_mail_application_id_application", "outbox_mail_application_id_fkey",
     "application_id", "application", "SET NULL"),
)
TABLES = ("application", "invoice", "payment", "outbox_mail")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=NAMING_CONVENTION) as batch_op:
            for _, old, new, column, referred, on_delete in (r for r in RENAMED if r[0] == table):
                batch_op.drop_constraint(old, type_="foreignkey")
                batch_op.create_foreign_key(new, referred, [column], ["id"], ondelete=on_delete)
            for _, name, condition in (c for c in CHECKS if c[0] == table):
                batch_op.create_check_constraint(name, condition)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, naming_convention=NAMING_CONVENTION) as batch_op:
            for _, name, _ in (c for c in CHECKS if c[0] == table):
                batch_op.drop_constraint(name, type_="check")
            for _, old, new, column, referred, on_delete in (r for r in RENAMED if r[0] == table):
                batch_op.drop_constraint(new, type_="foreignkey")
                batch_op.create_foreign_key(old, referred, [column], ["id"], ondelete=on_delete)
