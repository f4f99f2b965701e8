"""payment keys unique per organisation, not across all of them

A payment's idempotency key was unique in the whole database, so one organisation's refusal
("the key is taken") told it another organisation's keys. Each payment now records its
organisation (from invoice → case → pool), and the key is unique per organisation.

Taking this back fails when two organisations have come to use the same key.

Revision ID: i12w2
Revises: i12w1
Create Date: 2026-11-30 07:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i12w2'
down_revision: str | None = 'i12w1'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0001 made the key's unique constraint without a name: PostgreSQL named it, SQLite did not,
# so on SQLite the batch copy is told what to call an unnamed one before it is dropped.
NAMING = {"uq": "%(table_name)s_%(column_0_N_name)s_key"}
BACKFILL = """
    UPDATE payment SET organisation_id = (
        SELECT pool.organisation_id FROM invoice
        JOIN application ON application.id = invoice.application_id
        JOIN pool ON pool.id = application.pool_id
        WHERE invoice.id = payment.invoice_id)
"""


def _old_key_constraint() -> str:
    for constraint in sa.inspect(op.get_bind()).get_unique_constraints('payment'):
        if constraint['column_names'] == ['idempotency_key']:
            return constraint['name'] or 'payment_idempotency_key_key'
    raise RuntimeError("payment.idempotency_key has no unique constraint to replace")


def upgrade() -> None:
    old = _old_key_constraint()
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table('payment', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key('payment_organisation_id_fkey', 'organisation',
                                    ['organisation_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_constraint(old, type_='unique')
        batch_op.create_unique_constraint('payment_organisation_id_idempotency_key_key',
                                          ['organisation_id', 'idempotency_key'])


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint('payment_organisation_id_idempotency_key_key', type_='unique')
        batch_op.create_unique_constraint('payment_idempotency_key_key', ['idempotency_key'])
        batch_op.drop_constraint('payment_organisation_id_fkey', type_='foreignkey')
        batch_op.drop_column('organisation_id')
