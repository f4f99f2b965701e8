"""case search: one folded text per case, with a substring index on each engine

``case_search`` holds each case's searchable fields in ``pulje.folding.fold``'s spelling
(pulje.services.search_index); this migration fills it for the cases already there.

The substring index differs per engine, and both are optional — without one the search reads
the organisation's rows instead, correct but slower:

- PostgreSQL: a GIN index with pg_trgm's ``gin_trgm_ops``, which serves ``LIKE '%…%'``. The
  extension is created where the role may (``CREATE EXTENSION IF NOT EXISTS``, in a savepoint
  so a refusal leaves the migration going), preferably in ``public``; the operator class is
  named with the extension's schema, so the index works whatever the search path.
- SQLite (3.34 or newer, with FTS5): ``case_search_fts``, an FTS5 table with the trigram
  tokenizer over ``case_search.text`` (external content), kept in step by three triggers. A
  later migration that makes Alembic recreate ``case_search`` (batch "move and copy") drops
  the triggers and must create them again.

Revision ID: i21a
Revises: i15a
Create Date: 2026-11-30 07:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = 'i21a'
down_revision: str | None = 'i15a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGRAM_INDEX = "ix_case_search_trigram"
SQLITE_TRIGRAM = (3, 34, 0)
SQLITE_UP = (
    """
    CREATE VIRTUAL TABLE case_search_fts USING fts5(
        text, content='case_search', content_rowid='application_id',
        tokenize='trigram case_sensitive 1')
    """,
    """
    CREATE TRIGGER case_search_fts_insert AFTER INSERT ON case_search BEGIN
        INSERT INTO case_search_fts(rowid, text) VALUES (new.application_id, new.text);
    END
    """,
    """
    CREATE TRIGGER case_search_fts_delete AFTER DELETE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text)
        VALUES ('delete', old.application_id, old.text);
    END
    """,
    """
    CREATE TRIGGER case_search_fts_update AFTER UPDATE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text)
        VALUES ('delete', old.application_id, old.text);
        INSERT INTO case_search_fts(rowid, text) VALUES (new.application_id, new.text);
    END
    """,
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS case_search_fts_update",
    "DROP TRIGGER IF EXISTS case_search_fts_delete",
    "DROP TRIGGER IF EXISTS case_search_fts_insert",
    "DROP TABLE IF EXISTS case_search_fts",
)


def _trigram_schema(bind) -> str | None:
    return bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'").scalar()


def _postgresql_index(bind) -> None:
    schema = _trigram_schema(bind)
    # In public where there is one (a dump of pulje's schema then names public.gin_trgm_ops,
    # which `pulje restore` provides in the target database), else in the current schema.
    for statement in ("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
                      "CREATE EXTENSION IF NOT EXISTS pg_trgm"):
        if schema is not None:
            break
        try:
            with bind.begin_nested():
                bind.exec_driver_sql(statement)
        except DBAPIError:
            continue
        schema = _trigram_schema(bind)
    if schema is None:
        return  # not allowed here: the search reads the rows instead
    quoted = bind.dialect.identifier_preparer.quote_identifier(schema)
    op.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON case_search "
               f"USING gin (text {quoted}.gin_trgm_ops)")


def _sqlite_index(bind) -> None:
    import sqlite3

    if sqlite3.sqlite_version_info < SQLITE_TRIGRAM:
        return  # no trigram tokenizer: the search reads the rows instead
    try:
        with bind.begin_nested():
            for statement in SQLITE_UP:
                bind.exec_driver_sql(statement)
    except DBAPIError:
        return  # FTS5 not compiled in


def upgrade() -> None:
    op.create_table(
        'case_search',
        sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('application_id'),
    )
    op.create_index('ix_case_search_organisation', 'case_search',
                    ['organisation_id', 'application_id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _postgresql_index(bind)
    elif bind.dialect.name == "sqlite":
        _sqlite_index(bind)
    from pulje.services.search_index import rebuild

    rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    op.drop_index('ix_case_search_organisation', table_name='case_search')
    op.drop_table('case_search')
