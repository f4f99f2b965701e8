"""pool minimum notice: days an application must come before its activity begins

Revision ID: i17a
Revises: i14a
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i17a'
down_revision: str | None = 'i14a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('pool', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_notice_days', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('pool', schema=None) as batch_op:
        batch_op.drop_column('min_notice_days')
