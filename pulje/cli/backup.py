"""Backups: ``pulje backup FILE`` writes a consistent copy of the database, ``pulje restore``
reads one back.

SQLite through its online backup API (a snapshot, also while the app is running), PostgreSQL
through pg_dump's custom format and pg_restore in one transaction. A restore refuses to
overwrite a database that has data unless told to (--force).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext
from psycopg.conninfo import make_conninfo
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import pulje.models  # noqa: F401  (the tables whose rows make a database "non-empty")
from pulje.db import engine

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
_SEARCH_PATH = re.compile(r"-c\s*search_path=([^\s,]+)")


class BackupError(click.ClickException):
    """A backup or restore that cannot be done, with a Danish explanation."""


def backup(db: Engine, path: Path) -> None:
    """Write a consistent copy of ``db`` to ``path`` (replaced only once the copy is whole)."""
    partial = path.with_name(path.name + ".part")
    if db.dialect.name == "sqlite":
        _sqlite_backup(db, partial)
    elif db.dialect.name == "postgresql":
        _run(db, "pg_dump", "--format=custom", "--no-owner", f"--file={partial}",
             *[f"--schema={s}" for s in _schema(db)])
    else:
        raise BackupError(f"Sikkerhedskopi af {db.dialect.name} understøttes ikke.")
    partial.replace(path)


def restore(db: Engine, path: Path, *, force: bool = False) -> None:
    """Read a backup made by ``backup`` into ``db``; refuses a database with data unless forced."""
    header = path.read_bytes()[:16]
    expected = SQLITE_HEADER if db.dialect.name == "sqlite" else PG_DUMP_HEADER
    if not header.startswith(expected):
        kind = "SQLite" if db.dialect.name == "sqlite" else "PostgreSQL (pg_dump -Fc)"
        raise BackupError(f"{path} er ikke en sikkerhedskopi fra {kind}, som databasen her "
                          "kræver.")
    if not force and has_data(db):
        raise BackupError("Databasen har allerede data og overskrives ikke. Brug --force for "
                          "at erstatte den med sikkerhedskopien.")
    db.dispose()
    if db.dialect.name == "sqlite":
        _sqlite_restore(db, path)
    else:
        _run(db, "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", str(path))
    db.dispose()


def has_data(db: Engine) -> bool:
    """Whether any of pulje's tables holds a row."""
    with db.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return any(
            connection.execute(text(f"SELECT 1 FROM {name} LIMIT 1")).first() is not None
            for name in SQLModel.metadata.tables if name in present)


def _sqlite_backup(db: Engine, target: Path) -> None:
    raw = db.raw_connection()
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()


def _sqlite_restore(db: Engine, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                          ).fetchone() is None:
            raise BackupError(f"{path} er en SQLite-database, men ikke en fra pulje.")
        raw = db.raw_connection()
        try:
            source.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        source.close()


def _schema(db: Engine) -> list[str]:
    """The schema pulje lives in when the URL sets a search_path (else the whole database)."""
    options = db.url.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    match = _SEARCH_PATH.search(options)
    return [match.group(1)] if match else []


def _run(db: Engine, program: str, *args: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} findes ikke på maskinen; installér PostgreSQL's "
                          "klientprogrammer (fx pakken postgresql-client).")
    url = db.url
    extra = {k: v for k, v in url.query.items() if k != "options" and isinstance(v, str)}
    conninfo = make_conninfo(host=url.host, port=url.port, user=url.username,
                             dbname=url.database, **extra)
    environment = dict(os.environ)
    if url.password:
        # Not on the command line, where every user of the machine could read it.
        environment["PGPASSWORD"] = str(url.password)
    done = subprocess.run([executable, f"--dbname={conninfo}", *args], env=environment,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{program} mislykkedes: " + " / ".join(detail))


def _size(path: Path) -> str:
    size = path.stat().st_size
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Skriv en konsistent sikkerhedskopi af databasen til FILE."""
    backup(engine(), file)
    click.echo(f"Sikkerhedskopien er skrevet til {file} ({_size(file)}).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Erstat en database, der allerede har data.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Indlæs sikkerhedskopien FILE i databasen (kun i en tom database uden --force)."""
    restore(engine(), file, force=force)
    click.echo(f"Databasen er genskabt fra {file}. Kør »pulje db upgrade«, hvis kopien er fra "
               "en ældre udgave af pulje.")


COMMANDS = [backup_command, restore_command]
