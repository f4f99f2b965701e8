"""staff_user.session_generation: logout and deactivation end every session of a user

A login's session cookie carries the user's generation at login; the user loader refuses a
cookie whose generation is not the user's current one. Logging out or being deactivated
raises the number, so every copy of every cookie of that user stops working at once.

Revision ID: i12w1
Revises: i21b
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i12w1'
down_revision: str | None = 'i21b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
