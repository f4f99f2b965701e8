"""possible duplicates kept: each case's folded applicant and the pairs that look alike

``applicant_key`` holds each case's folded name and e-mail (none for an anonymised applicant),
``duplicate_pair`` every two cases of one organisation that look alike
(pulje.services.duplicates); this migration fills both for the cases already there.

Revision ID: i19a
Revises: m1a
Create Date: 2026-11-30 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'i19a'
down_revision: str | None = 'm1a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'applicant_key',
        sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name_key', sa.String(length=400), nullable=False),
        sa.Column('email_key', sa.String(length=400), nullable=True),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('application_id'),
    )
    op.create_index('ix_applicant_key_name', 'applicant_key', ['organisation_id', 'name_key'])
    op.create_index('ix_applicant_key_email', 'applicant_key', ['organisation_id', 'email_key'])
    op.create_table(
        'duplicate_pair',
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['first_id'], ['application.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('first_id', 'second_id'),
    )
    op.create_index(op.f('ix_duplicate_pair_second_id'), 'duplicate_pair', ['second_id'])
    from pulje.services.duplicates import rebuild_pairs

    bind = op.get_bind()
    rebuild_pairs(bind)
    if bind.dialect.name == "postgresql":
        # Fresh statistics at once: without them the planner reads the queue's few pairs with
        # a plan for an empty table (0,5 s at national scale) until autovacuum comes by.
        op.execute("ANALYZE applicant_key")
        op.execute("ANALYZE duplicate_pair")


def downgrade() -> None:
    op.drop_index(op.f('ix_duplicate_pair_second_id'), table_name='duplicate_pair')
    op.drop_table('duplicate_pair')
    op.drop_index('ix_applicant_key_email', table_name='applicant_key')
    op.drop_index('ix_applicant_key_name', table_name='applicant_key')
    op.drop_table('applicant_key')
