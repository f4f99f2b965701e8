"""journal lines for refunds: money a supplier paid back gets its own voucher

Revision ID: m1a
Revises: i13a
Create Date: 2026-11-30 10:50:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'm1a'
down_revision: str | None = 'i13a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.alter_column('payment_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('refund_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('journal_line_refund_id_fkey', 'refund', ['refund_id'],
                                    ['id'], ondelete='RESTRICT')
        batch_op.create_unique_constraint('journal_line_refund_id_key', ['refund_id'])
        batch_op.create_check_constraint('journal_line_payment_or_refund',
                                         '(payment_id IS NULL) <> (refund_id IS NULL)')


def downgrade() -> None:
    op.execute('DELETE FROM journal_line WHERE refund_id IS NOT NULL')
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.drop_constraint('journal_line_payment_or_refund', type_='check')
        batch_op.drop_constraint('journal_line_refund_id_key', type_='unique')
        batch_op.drop_constraint('journal_line_refund_id_fkey', type_='foreignkey')
        batch_op.drop_column('refund_id')
        batch_op.alter_column('payment_id', existing_type=sa.Integer(), nullable=False)
