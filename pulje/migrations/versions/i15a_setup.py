"""organisation contact and invoice details, departments' address and retirement, rule sets
per pool year (R10), single-use invitation and reset links

Every existing pool gets a version 1 rule set with its own figures, valid from the day it
opened; every decided case is linked to that version (the text it already records is kept).
The purpose texts of version 1 are those the application form offered until now.

Revision ID: i15a
Revises: i16a
Create Date: 2026-11-30 07:00:00.000000
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import pulje.models.types

revision: str = 'i15a'
down_revision: str | None = 'i16a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the purposes the form offered before rule sets: a migration must not follow
# later edits.
PURPOSES_BEFORE = json.dumps(["går på tværs af afdelinger",
                              "ønskes igangsat med et kortere varsel",
                              "for en mindre gruppe"], ensure_ascii=False)


def upgrade() -> None:
    with op.batch_alter_table('organisation') as batch:
        for name, length in (('phone', 40), ('invoice_address', 300), ('invoice_email', 200),
                             ('ean', 13)):
            batch.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length),
                                       server_default='', nullable=False))
    with op.batch_alter_table('department') as batch:
        batch.add_column(sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300),
                                   server_default='', nullable=False))
        batch.add_column(sa.Column('retired', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
    op.create_table(
        'rule_set',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pool_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('total', sa.BigInteger(), nullable=False),
        sa.Column('cap', sa.BigInteger(), nullable=False),
        sa.Column('purposes_json', sa.Text(), nullable=False),
        sa.Column('purposes_required', sa.Integer(), nullable=False),
        sa.Column('invoice_deadline_days', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('approved_on', sa.Date(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', pulje.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('total > 0', name='rule_set_total_positive'),
        sa.CheckConstraint('cap > 0 AND cap <= total', name='rule_set_cap_within_total'),
        sa.CheckConstraint('purposes_required >= 1', name='rule_set_purposes_required'),
        sa.CheckConstraint('invoice_deadline_days >= 0', name='rule_set_deadline_nonnegative'),
        sa.ForeignKeyConstraint(['pool_id'], ['pool.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('pool_id', 'version'),
    )
    op.create_index(op.f('ix_rule_set_pool_id'), 'rule_set', ['pool_id'], unique=False)
    op.create_table(
        'user_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', pulje.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', pulje.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', pulje.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("purpose IN ('invite', 'reset')", name='user_token_purpose_known'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index(op.f('ix_user_token_user_id'), 'user_token', ['user_id'], unique=False)
    with op.batch_alter_table('application') as batch:
        batch.add_column(sa.Column('rule_set_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_application_rule_set_id_rule_set', 'rule_set',
                                 ['rule_set_id'], ['id'], ondelete='RESTRICT')
    op.execute(sa.text(
        "INSERT INTO rule_set (pool_id, version, valid_from, total, cap, purposes_json, "
        "purposes_required, invoice_deadline_days, title, approved_on, text, created_at) "
        "SELECT id, 1, opens_on, total, cap, :purposes, 1, invoice_deadline_days, "
        "substr(rule_version, 1, 120), rule_approved_on, '', CURRENT_TIMESTAMP FROM pool "
        "WHERE total > 0 AND cap <= total").bindparams(purposes=PURPOSES_BEFORE))
    op.execute("UPDATE application SET rule_set_id = (SELECT rule_set.id FROM rule_set "
               "WHERE rule_set.pool_id = application.pool_id AND rule_set.version = 1) "
               "WHERE decided_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('application') as batch:
        batch.drop_constraint('fk_application_rule_set_id_rule_set', type_='foreignkey')
        batch.drop_column('rule_set_id')
    op.drop_index(op.f('ix_user_token_user_id'), table_name='user_token')
    op.drop_table('user_token')
    op.drop_index(op.f('ix_rule_set_pool_id'), table_name='rule_set')
    op.drop_table('rule_set')
    with op.batch_alter_table('department') as batch:
        batch.drop_column('retired')
        batch.drop_column('address')
    with op.batch_alter_table('organisation') as batch:
        for name in ('ean', 'invoice_email', 'invoice_address', 'phone'):
            batch.drop_column(name)
