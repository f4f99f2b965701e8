"""case search on SQLite: the FTS5 index keyed by organisation, so a search reads its own rows

i21a's FTS5 table numbered its rows by case id, so a trigram's list of cases ran across every
organisation: a department name or a full name in the largest organisation read the lists of
all 800 (69–102 ms p95 at national scale). Here each row of the index is numbered
``organisation_id * 2**32 + application_id``: one organisation's cases are one range of row
ids, and FTS5 seeks to the range and stops at its end (``rowid BETWEEN …`` is handed to the
index). The table is contentless (``content=''``: the search only ever reads row ids, and
``case_search`` holds the text) with ``detail=none`` (a trigram is one token; the search asks
for single trigrams, so the index needs only which cases hold it, not where), which makes its
lists shorter to read. The triggers on ``case_search`` keep it in step as before.

On an existing database the index is written again from ``case_search`` (the national demo's
500.000 cases: 28 s on the 2-core test machine; the file keeps its size, the old index's pages
are reused); where FTS5 or its trigram tokenizer is missing, or i21a made no index, nothing
changes. PostgreSQL: nothing changes here (i21b's index already holds the organisation with the
trigrams).

Revision ID: i21c
Revises: i12w3
Create Date: 2026-11-30 13:45:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'i21c'
down_revision: str | None = 'i12w3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORGANISATION_KEY = 2 ** 32  # pulje.services.search_index.ORGANISATION_KEY
DROP = (
    "DROP TRIGGER IF EXISTS case_search_fts_update",
    "DROP TRIGGER IF EXISTS case_search_fts_delete",
    "DROP TRIGGER IF EXISTS case_search_fts_insert",
    "DROP TABLE IF EXISTS case_search_fts",
)
KEY = f"{{row}}.organisation_id * {ORGANISATION_KEY} + {{row}}.application_id"
UP = (
    """
    CREATE VIRTUAL TABLE case_search_fts USING fts5(
        text, content='', detail=none, columnsize=0, tokenize='trigram case_sensitive 1')
    """,
    f"""
    INSERT INTO case_search_fts(rowid, text)
    SELECT {KEY.format(row='case_search')}, text FROM case_search
    ORDER BY case_search.organisation_id, case_search.application_id
    """,
    "INSERT INTO case_search_fts(case_search_fts) VALUES ('optimize')",
    f"""
    CREATE TRIGGER case_search_fts_insert AFTER INSERT ON case_search BEGIN
        INSERT INTO case_search_fts(rowid, text) VALUES ({KEY.format(row='new')}, new.text);
    END
    """,
    f"""
    CREATE TRIGGER case_search_fts_delete AFTER DELETE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text)
        VALUES ('delete', {KEY.format(row='old')}, old.text);
    END
    """,
    f"""
    CREATE TRIGGER case_search_fts_update AFTER UPDATE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text)
        VALUES ('delete', {KEY.format(row='old')}, old.text);
        INSERT INTO case_search_fts(rowid, text) VALUES ({KEY.format(row='new')}, new.text);
    END
    """,
)
# i21a's index, numbered by case id over the content of case_search.
DOWN = (
    """
    CREATE VIRTUAL TABLE case_search_fts USING fts5(
        text, content='case_search', content_rowid='application_id',
        tokenize='trigram case_sensitive 1')
    """,
    "INSERT INTO case_search_fts(case_search_fts) VALUES ('rebuild')",
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


def _has_index(bind) -> bool:
    return bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_search_fts'"
    ).first() is not None


def _replace(statements: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _has_index(bind):
        return  # PostgreSQL, or SQLite without FTS5's trigram tokenizer (i21a made no index)
    for statement in (*DROP, *statements):
        op.execute(statement)


def upgrade() -> None:
    _replace(UP)


def downgrade() -> None:
    _replace(DOWN)
