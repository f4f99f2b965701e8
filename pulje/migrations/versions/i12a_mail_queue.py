"""the outbox becomes the mail queue: attempts, backoff, errors, the case, attachments

Mails already waiting (sent_at empty) are due at once; mails already sent have no next
attempt.

Revision ID: i12a
Revises: i18a
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'i12a'
down_revision: str | None = 'i18a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_mail_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_mail_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_foreign_key('fk_outbox_mail_application_id_application', 'application',
                                    ['application_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE outbox_mail SET next_attempt_at = created_at WHERE sent_at IS NULL")
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.alter_column('attempts', server_default=None)

    op.create_table('outbox_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mimetype', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['mail_id'], ['outbox_mail.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_mail_id'), ['mail_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_mail_id'))
    op.drop_table('outbox_attachment')

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_constraint('fk_outbox_mail_application_id_application', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_mail_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_mail_application_id'))
        batch_op.drop_column('last_error')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('kind')
        batch_op.drop_column('application_id')
