"""case search on PostgreSQL: one trigram index per organisation's rows (btree_gin)

Every search is within one organisation. The trigram index of i21a covers all of them, so a
word common across the country gave PostgreSQL the matches of every organisation to filter
(26.000 rows for one organisation's 2.200 at national scale). With the ``btree_gin``
extension, one GIN index holds ``organisation_id`` and the trigrams together and hands out the
organisation's matches only; it replaces i21a's index. Where the extension may not be created
(``CREATE EXTENSION IF NOT EXISTS`` in a savepoint, preferably in ``public`` as pg_trgm), or
pg_trgm is missing, nothing changes. SQLite keeps its FTS5 index.

Revision ID: i21b
Revises: i19a
Create Date: 2026-11-30 10:30:00.000000
"""
from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = 'i21b'
down_revision: str | None = 'i19a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGRAM_INDEX = "ix_case_search_trigram"  # i21a's, over all organisations
ORGANISATION_INDEX = "ix_case_search_trigram_organisation"


def _schema_of(bind, extension: str) -> str | None:
    return bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        f"WHERE e.extname = '{extension}'").scalar()


def _provide(bind, extension: str) -> bool:
    """Whether ``extension`` is there, creating it where this role may."""
    for statement in (f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public",
                      f"CREATE EXTENSION IF NOT EXISTS {extension}"):
        if _schema_of(bind, extension) is not None:
            return True
        try:
            with bind.begin_nested():
                bind.exec_driver_sql(statement)
        except DBAPIError:
            continue
    return _schema_of(bind, extension) is not None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    trigram = _schema_of(bind, "pg_trgm")
    if trigram is None or not _provide(bind, "btree_gin"):
        return  # i21a's index (if any) stays; the search works the same, slower
    quoted = bind.dialect.identifier_preparer.quote_identifier(trigram)
    op.execute(f"CREATE INDEX {ORGANISATION_INDEX} ON case_search "
               f"USING gin (organisation_id, text {quoted}.gin_trgm_ops)")
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql(f"SELECT to_regclass('{ORGANISATION_INDEX}')").scalar() is None:
        return
    trigram = _schema_of(bind, "pg_trgm")
    quoted = bind.dialect.identifier_preparer.quote_identifier(trigram)
    op.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON case_search "
               f"USING gin (text {quoted}.gin_trgm_ops)")
    op.execute(f"DROP INDEX {ORGANISATION_INDEX}")
