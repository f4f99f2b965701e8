"""open data's public text on the application; export settings and the bookkeeping journal

Revision ID: i18a
Revises: 0004
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'i18a'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_title',
                                      sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=True))
        batch_op.add_column(sa.Column('public_description', sa.Text(), nullable=True))
    op.create_table('export_settings',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('expense_account', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('bank_account', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('next_voucher', sa.Integer(), nullable=False),
    sa.Column('open_data_license', sqlmodel.sql.sqltypes.AutoString(length=200),
              nullable=False),
    sa.CheckConstraint('next_voucher > 0', name='export_settings_voucher_positive'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id')
    )
    op.create_table('journal_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('lines', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint('period_to >= period_from', name='journal_period_ordered'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('journal_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_export_organisation_id'),
                              ['organisation_id'], unique=False)
    op.create_table('journal_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('voucher_number', sa.Integer(), nullable=False),
    sa.Column('export_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['export_id'], ['journal_export.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('organisation_id', 'voucher_number'),
    sa.UniqueConstraint('payment_id')
    )
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_line_export_id'), ['export_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('journal_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_line_export_id'))
    op.drop_table('journal_line')
    with op.batch_alter_table('journal_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_export_organisation_id'))
    op.drop_table('journal_export')
    op.drop_table('export_settings')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('public_description')
        batch_op.drop_column('public_title')
