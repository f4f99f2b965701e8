"""``pulje backup`` and ``pulje restore``: a consistent copy comes back whole, on both engines,
and a database with data is never overwritten unless asked to."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

import pulje.models  # noqa: F401
from pulje import create_app
from pulje.engine import make_engine
from tests.db.databases import postgres_database, postgres_schema, with_search_path

TABLES = {t.name: t.primary_key.columns.values()[0].name
          for t in SQLModel.metadata.sorted_tables}


def cli(url: str):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "TESTING": True})
    runner = app.test_cli_runner()

    def run(*args, ok: bool = True) -> str:
        try:
            result = runner.invoke(args=[str(a) for a in args])
        finally:
            app.extensions["pulje.engine"].dispose()  # no connection outlives the command
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    return run


def everything(url: str) -> dict[str, list]:
    """Every row of every table, in id order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table: [tuple(row) for row in connection.execute(
                text(f"SELECT * FROM {table} ORDER BY {key}"))]
                for table, key in TABLES.items()}
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql", "postgresql-schema"])
def source_and_target(request, tmp_path):
    """Two database URLs: the source and an empty target (same engine)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            yield f"sqlite:///{tmp_path / 'source.sqlite'}", f"sqlite:///{tmp_path / 'to.sqlite'}"
        elif request.param == "postgresql":
            yield (stack.enter_context(postgres_database()),
                   stack.enter_context(postgres_database()))
        else:
            # pulje in a schema of a shared database: the dump holds that schema only.
            source = stack.enter_context(postgres_schema())
            schema = source.rsplit("search_path%3D", 1)[1]
            database = stack.enter_context(postgres_database())
            engine = make_engine(database)
            with engine.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine.dispose()
            yield source, with_search_path(database, schema)


def test_a_backup_restores_every_case_invoice_payment_and_audit_entry(source_and_target,
                                                                     tmp_path):
    source, target = source_and_target
    cli(source)("demo", "--today", "2026-11-29")
    before = everything(source)
    assert before["application"] and before["invoice"] and before["payment"]
    assert before["audit_entry"]

    # Work in progress while the backup runs is not in it: the copy is one consistent moment.
    busy = make_engine(source)
    with busy.connect() as connection:
        transaction = connection.begin()
        connection.execute(text("INSERT INTO organisation (name, legal_name, cvr, address, "
                                "email) VALUES ('Halvt', 'Halvt', '12345674', '', '')"))
        out = cli(source)("backup", tmp_path / "pulje.backup")
        transaction.rollback()
    busy.dispose()
    assert "Sikkerhedskopien er skrevet til" in out

    out = cli(target)("restore", tmp_path / "pulje.backup")
    assert "Databasen er genskabt" in out
    assert everything(target) == before

    # The restored database goes on after the original's ids (PostgreSQL: its sequences).
    restored = make_engine(target)
    with restored.begin() as connection:
        new_id = connection.execute(text(
            "INSERT INTO organisation (name, legal_name, cvr, address, email) "
            "VALUES ('Ny', 'Ny', '12345674', '', '') RETURNING id")).scalar_one()
    restored.dispose()
    assert new_id > max(row[0] for row in before["organisation"])


def test_a_database_with_data_is_only_overwritten_when_forced(source_and_target, tmp_path):
    source, target = source_and_target
    cli(source)("demo", "--today", "2026-11-29")
    cli(source)("backup", tmp_path / "pulje.backup")
    cli(target)("demo", "--today", "2025-06-01")
    theirs = everything(target)

    out = cli(target)("restore", tmp_path / "pulje.backup", ok=False)
    assert "Databasen har allerede data og overskrives ikke" in out
    assert everything(target) == theirs

    cli(target)("restore", "--force", tmp_path / "pulje.backup")
    assert everything(target) == everything(source)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cli(url)("db", "upgrade")
    (tmp_path / "notes.txt").write_text("ikke en database")
    out = cli(url)("restore", tmp_path / "notes.txt", ok=False)
    assert "er ikke en sikkerhedskopi fra SQLite" in out
