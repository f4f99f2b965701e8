"""credit notes name the invoice they credit; partial acceptance; refunds; refusal rule

- invoice.credits_invoice_id: a credit note reduces the invoice it names (R8);
- invoice.accepted_amount: what was accepted for payment, the whole invoice or what was left
  of the grant; filled in for invoices accepted or paid before this revision;
- invoice.refusal_rule: the rule (R6–R9) that refused it, kept apart from the Danish reason;
- refund: money a supplier paid back after a credit note on a paid invoice;
- an index on invoice.number for the duplicate check across the organisation.

Revision ID: i14a
Revises: i20a
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'i14a'
down_revision: str | None = 'i20a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credits_invoice_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('accepted_amount', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('refusal_rule',
                                      sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=True))
        batch_op.create_foreign_key('fk_invoice_credits_invoice_id', 'invoice',
                                    ['credits_invoice_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_index('ix_invoice_number', ['number'], unique=False)
    op.execute("UPDATE invoice SET accepted_amount = amount "
               "WHERE state IN ('accepted', 'paid') AND amount > 0")
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'invoice_accepted_within_amount',
            'accepted_amount IS NULL OR (accepted_amount > 0 AND accepted_amount <= amount)')
        batch_op.create_check_constraint('invoice_only_credit_notes_credit',
                                         'credits_invoice_id IS NULL OR is_credit_note')
    op.create_table(
        'refund',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.CheckConstraint('amount > 0', name='refund_amount_positive'),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_refund_invoice_id', 'refund', ['invoice_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_refund_invoice_id', table_name='refund')
    op.drop_table('refund')
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_constraint('invoice_only_credit_notes_credit', type_='check')
        batch_op.drop_constraint('invoice_accepted_within_amount', type_='check')
        batch_op.drop_index('ix_invoice_number')
        batch_op.drop_constraint('fk_invoice_credits_invoice_id', type_='foreignkey')
        batch_op.drop_column('refusal_rule')
        batch_op.drop_column('accepted_amount')
        batch_op.drop_column('credits_invoice_id')
