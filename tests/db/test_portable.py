"""The portable archive and ``pulje move``: an installation moves between SQLite and PostgreSQL
with every row, every file and every pool figure intact, and a damaged archive writes nothing."""

from __future__ import annotations

import json
import shutil
import zipfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text
from sqlalchemy.exc import DBAPIError

from pulje import create_app
from pulje.demo.national import Scale, load_national
from pulje.engine import make_engine
from pulje.migrate import upgrade
from pulje.models.search import is_engine_index
from tests.db.databases import empty_database, postgres_schema


def cli(url: str, **config):
    """Run ``pulje`` commands against the database at ``url``; asserts their exit code."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "TESTING": True, **config})
    runner = app.test_cli_runner()

    def run(*args, ok: bool = True) -> str:
        try:
            result = runner.invoke(args=[str(a) for a in args])
        finally:
            app.extensions["pulje.engine"].dispose()
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    return run


def rows_of_every_table(url: str) -> dict[str, list[tuple]]:
    """Every row of every table in primary-key order, instants as aware UTC (the engines hand
    them back differently), read by plain SQL — not by the archive code under test."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            metadata = MetaData()
            metadata.reflect(bind=connection)
            tables = {}
            for table in metadata.sorted_tables:
                if table.name == "alembic_version" or is_engine_index(table.name):
                    continue  # SQLite's FTS5 tables of the case search are an index, no data
                rows = connection.execute(select(table).order_by(*table.primary_key.columns))
                tables[table.name] = [tuple(_utc(v) for v in row) for row in rows]
            return tables
    finally:
        engine.dispose()


def _utc(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def pool_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("30000005 ")]


@pytest.fixture
def demo_sqlite(tmp_path, demo_file) -> str:
    """This test's own copy of what ``pulje demo --today 2026-11-29`` made (built once)."""
    shutil.copy(demo_file, tmp_path / "start.sqlite")
    return f"sqlite:///{tmp_path / 'start.sqlite'}"


def test_sqlite_to_postgresql_and_back_keeps_every_row_and_pool_figure(demo_sqlite, tmp_path):
    before = rows_of_every_table(demo_sqlite)
    assert before["application"] and before["payment"] and before["audit_entry"]
    with ExitStack() as stack:
        postgres = stack.enter_context(postgres_schema())
        back = f"sqlite:///{tmp_path / 'back.sqlite'}"

        out = cli(demo_sqlite)("move", "--to", postgres)
        assert "kontrolleret række for række" in out
        lines = pool_lines(out)
        assert len(lines) == 2 and all(line.endswith("ens") for line in lines)
        assert "100.000,00\xa0kr." in lines[0]
        assert rows_of_every_table(postgres) == before

        out = cli(postgres)("move", "--to", back)
        assert all(line.endswith("ens") for line in pool_lines(out))
        assert rows_of_every_table(back) == before


def test_after_a_move_the_audit_trail_stays_append_only_and_ids_go_on(demo_sqlite):
    with postgres_schema() as postgres:
        cli(demo_sqlite)("move", "--to", postgres)
        engine = make_engine(postgres)
        try:
            with pytest.raises(DBAPIError, match="append-only|kan ikke ændres|ændres"):
                with engine.begin() as connection:
                    connection.execute(text("UPDATE audit_entry SET note = 'rettet'"))
            with engine.begin() as connection:
                largest = connection.execute(text("SELECT MAX(id) FROM organisation")).scalar()
                new_id = connection.execute(text(
                    "INSERT INTO organisation (name, legal_name, cvr, address, email) "
                    "VALUES ('Ny', 'Ny', '12345674', '', '') RETURNING id")).scalar_one()
            assert new_id == largest + 1
        finally:
            engine.dispose()


def test_stored_files_travel_with_the_archive(demo_sqlite, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2026").mkdir(parents=True)
    (uploads / "2026" / "faktura.pdf").write_bytes(b"%PDF-1.4 en faktura\n%%EOF\n")
    archive = tmp_path / "flyt.zip"
    source = cli(demo_sqlite, UPLOAD_FOLDER=str(uploads))
    assert "1 filer" in source("backup", "--portable", archive)

    target_uploads = tmp_path / "nye-uploads"
    target = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    cli(target, UPLOAD_FOLDER=str(target_uploads))("restore", archive)
    assert (target_uploads / "2026" / "faktura.pdf").read_bytes().startswith(b"%PDF-1.4 en")
    assert rows_of_every_table(target) == rows_of_every_table(demo_sqlite)


def _rewrite(archive: Path, damaged: Path, change) -> None:
    """Copy ``archive`` to ``damaged`` with ``change(name, data) -> data | None`` applied."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as out:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                out.writestr(name, data)


def _changed_amount(name: str, data: bytes) -> bytes:
    if name != "tables/payment.jsonl":
        return data
    first, rest = data.split(b"\n", 1)
    row = json.loads(first)
    row["amount"] += 100
    return json.dumps(row, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n" + rest


def _without_table(name: str, data: bytes) -> bytes | None:
    return None if name == "tables/invoice.jsonl" else data


@pytest.mark.parametrize("engine_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("damage, message", [
    (_changed_amount, "Tabellen payment i arkivet stemmer ikke med manifestet"),
    (_without_table, "Tabellen invoice mangler i arkivet"),
    ("truncate", "beskadiget eller afkortet"),
])
def test_a_damaged_archive_is_refused_with_the_reason_and_nothing_written(
        demo_sqlite, tmp_path, engine_kind, damage, message):
    archive = tmp_path / "hel.zip"
    cli(demo_sqlite)("backup", "--portable", archive)
    damaged = tmp_path / "skadet.zip"
    if damage == "truncate":
        damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        _rewrite(archive, damaged, damage)
    with empty_database(engine_kind, tmp_path) as target:
        out = cli(target)("restore", damaged, ok=False)
        assert message in out
        assert not any(rows_of_every_table(target).values())


def test_a_move_into_a_database_with_data_is_refused(demo_sqlite, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    cli(other)("demo", "--today", "2025-06-01")
    theirs = rows_of_every_table(other)
    out = cli(demo_sqlite)("move", "--to", other, ok=False)
    assert "Måldatabasen har allerede data" in out
    assert rows_of_every_table(other) == theirs


def test_an_archive_restores_into_a_target_already_at_the_newest_schema(demo_sqlite, tmp_path):
    archive = tmp_path / "a.zip"
    cli(demo_sqlite)("backup", "--portable", archive)
    target = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    cli(target)("db", "upgrade")
    assert "kontrolleret" in cli(target)("restore", archive)
    assert rows_of_every_table(target) == rows_of_every_table(demo_sqlite)


def test_a_national_scale_sample_round_trips(tmp_path):
    source = f"sqlite:///{tmp_path / 'national.sqlite'}"
    engine = make_engine(source)
    upgrade(engine)
    with engine.begin() as connection:
        load_national(connection, scale=Scale(organisations=2, departments=6, years=2,
                                              applications=300),
                      today=datetime(2026, 11, 29).date(), seed=3)
    engine.dispose()
    before = rows_of_every_table(source)
    with postgres_schema() as postgres:
        out = cli(source)("move", "--to", postgres)
        assert pool_lines(out) == [] or all(line.endswith("ens") for line in pool_lines(out))
        assert "AFVIGER" not in out
        assert rows_of_every_table(postgres) == before
