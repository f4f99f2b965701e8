"""application.link_issued_at: when a private link was last renewed

A private link expires a configured time (12 months by default) after its case ended; a link
the staff renew works for that time again, counted from the renewal.

Revision ID: i12w3
Revises: i12w2
Create Date: 2026-11-30 07:20:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i12w3'
down_revision: str | None = 'i12w2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_issued_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('link_issued_at')
