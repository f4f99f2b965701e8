"""notifications: the resident's language and link-only choice, how an answer came, internal
notes, the reminders already sent, the resident's attachments, and the caseworker's word on
possible duplicates

Revision ID: i16a
Revises: i12a
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'i16a'
down_revision: str | None = 'i12a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5),
                                      server_default='da', nullable=False))
        batch_op.add_column(sa.Column('link_only', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      server_default='web', nullable=False))

    op.create_table(
        'case_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_note_application_id'), ['application_id'],
                              unique=False)
    op.create_table(
        'reminder_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('application_id', 'kind'))
    with op.batch_alter_table('reminder_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_sent_application_id'), ['application_id'],
                              unique=False)


    op.create_table(
        'resident_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('file_path', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('mimetype', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('resident_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_attachment_application_id'),
                              ['application_id'], unique=False)
    op.create_table(
        'duplicate_judgement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('same_project', sa.Boolean(), nullable=False),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['first_id'], ['application.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['application.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('first_id', 'second_id'))
    with op.batch_alter_table('duplicate_judgement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_judgement_first_id'), ['first_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_duplicate_judgement_second_id'), ['second_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('duplicate_judgement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_judgement_second_id'))
        batch_op.drop_index(batch_op.f('ix_duplicate_judgement_first_id'))
    op.drop_table('duplicate_judgement')
    with op.batch_alter_table('resident_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_attachment_application_id'))
    op.drop_table('resident_attachment')
    with op.batch_alter_table('reminder_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_sent_application_id'))
    op.drop_table('reminder_sent')
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_note_application_id'))
    op.drop_table('case_note')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('channel')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('link_only')
        batch_op.drop_column('language')
