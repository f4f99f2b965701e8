"""the short report after an activity (afrapportering) and its photos; homes per department

Revision ID: i20a
Revises: i21a
Create Date: 2026-11-30 08:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'i20a'
down_revision: str | None = 'i21a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.add_column(sa.Column('homes', sa.Integer(), nullable=True))
    op.create_table(
        'outcome_report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('participants', sa.Integer(), nullable=False),
        sa.Column('story', sa.Text(), server_default='', nullable=False),
        sa.Column('again', sa.Boolean(), nullable=True),
        sa.Column('photo_consent', sa.Boolean(), nullable=False),
        sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('participants >= 0', name='outcome_participants_nonnegative'),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('application_id'),
    )
    op.create_table(
        'outcome_department',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['report_id'], ['outcome_report.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('report_id', 'department_id'),
    )
    op.create_index('ix_outcome_department_report_id', 'outcome_department', ['report_id'])
    op.create_table(
        'outcome_photo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.Column('file_path', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['outcome_report.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_outcome_photo_report_id', 'outcome_photo', ['report_id'])


def downgrade() -> None:
    op.drop_index('ix_outcome_photo_report_id', table_name='outcome_photo')
    op.drop_table('outcome_photo')
    op.drop_index('ix_outcome_department_report_id', table_name='outcome_department')
    op.drop_table('outcome_department')
    op.drop_table('outcome_report')
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_column('homes')
