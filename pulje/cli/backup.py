"""Backups: ``pulje backup FILE`` writes a consistent copy of the database, ``pulje restore``
reads one back, ``pulje move --to URL`` moves the installation to another database.

Native copies: SQLite through its online backup API (a snapshot, also while the app is
running), PostgreSQL through pg_dump's custom format and pg_restore in one transaction. A
restore refuses to overwrite a database that has data unless told to (--force).
The portable archive (``--portable``, see pulje/archive.py) goes into either engine.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from psycopg.conninfo import make_conninfo
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

import pulje.models  # noqa: F401  (the tables whose rows make a database "non-empty")
from pulje.archive import ArchiveError, is_portable, restore_archive, write_archive
from pulje.db import engine
from pulje.engine import make_engine
from pulje.models import Organisation, Pool
from pulje.services.accounting import pool_figures
from pulje.uploads import upload_folder
from workflows.money import format_money

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
        _provide_trigram(db)
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


def _provide_trigram(db: Engine) -> None:
    """pg_trgm and btree_gin in the target database: a dump of pulje's schema alone has the
    case search's index (migrations i21a, i21b) but not the extensions it uses; without them
    the index is left out."""
    try:
        for extension in ("pg_trgm", "btree_gin"):
            try:
                with db.begin() as connection:
                    connection.exec_driver_sql(
                        f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public")
            except DBAPIError:
                pass
    finally:
        db.dispose()


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


class _TableProgress:
    """One progress bar per table on the terminal (click hides it when not a terminal)."""

    def __init__(self, verb: str):
        self.verb = verb
        self.bar = None
        self.table = None
        self.shown = 0

    def __call__(self, table: str, done: int, total: int) -> None:
        if table != self.table:
            self.close()
            self.table, self.shown = table, 0
            self.bar = click.progressbar(length=max(total, 1), label=f"{self.verb} {table:<24}",
                                         file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _with_progress(verb: str, step):
    progress = _TableProgress(verb)
    try:
        return step(progress)
    except ArchiveError as exc:
        raise BackupError(str(exc)) from exc
    finally:
        progress.close()


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--portable", is_flag=True,
              help="Skriv et flytbart arkiv (rækker og filer), der kan indlæses i både SQLite "
                   "og PostgreSQL.")
@with_appcontext
def backup_command(file: Path, portable: bool) -> None:
    """Skriv en konsistent sikkerhedskopi af databasen til FILE."""
    if portable:
        manifest = _with_progress("Gemmer", lambda progress: write_archive(
            engine(), file, upload_folder(), progress=progress))
        rows = sum(t["rows"] for t in manifest["tables"])
        click.echo(f"Det flytbare arkiv er skrevet til {file} ({_size(file)}): "
                   f"{len(manifest['tables'])} tabeller, {rows} rækker, "
                   f"{len(manifest['files'])} filer, skemaversion {manifest['revision']}.")
        return
    backup(engine(), file)
    click.echo(f"Sikkerhedskopien er skrevet til {file} ({_size(file)}).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Erstat en database, der allerede har data "
                                            "(ikke for flytbare arkiver).")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Indlæs sikkerhedskopien FILE i databasen (kun i en tom database uden --force).

    FILE kan være en kopi fra samme slags database eller et flytbart arkiv (--portable).
    """
    if is_portable(file):
        reports = _with_progress("Indlæser", lambda progress: restore_archive(
            engine(), file, upload_folder(), progress=progress))
        click.echo(f"Databasen er genskabt fra det flytbare arkiv {file}: "
                   f"{sum(r.rows for r in reports)} rækker i {len(reports)} tabeller, "
                   "kontrolleret og bragt til nyeste skemaversion.")
        return
    restore(engine(), file, force=force)
    click.echo(f"Databasen er genskabt fra {file}. Kør »pulje db upgrade«, hvis kopien er fra "
               "en ældre udgave af pulje.")


@click.command("move")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="Den tomme database, installationen flyttes til (SQLAlchemy-URL).")
@click.option("--files-to", type=click.Path(file_okay=False, path_type=Path),
              help="Mappen til de gemte filer i den nye installation (standard: den samme).")
@with_appcontext
def move_command(target_url: str, files_to: Path | None) -> None:
    """Flyt hele installationen (sager, fakturaer, betalinger, revisionsspor, filer) til en
    anden database, fx fra SQLite til PostgreSQL."""
    source = engine()
    target = make_engine(target_url)
    try:
        if target.url == source.url:
            raise BackupError("Måldatabasen er den samme som den, der flyttes fra.")
        with tempfile.TemporaryDirectory(prefix="pulje-move-") as folder:
            archive = Path(folder) / "pulje-flyt.zip"
            files = upload_folder()
            _with_progress("Gemmer", lambda progress: write_archive(
                source, archive, files, progress=progress))
            reports = _with_progress("Indlæser", lambda progress: restore_archive(
                target, archive, None if files_to is None or files_to == files else files_to,
                progress=progress))
        click.echo(f"Flyttet: {sum(r.rows for r in reports)} rækker i {len(reports)} tabeller, "
                   "kontrolleret række for række.")
        _compare_pools(source, target)
    finally:
        target.dispose()


def _compare_pools(source: Engine, target: Engine) -> None:
    """Print every pool year's figures from both databases; fail if any differs."""
    before, after = pool_table(source), pool_table(target)
    click.echo(f"{'Pulje':<16}{'i alt':>16}{'bevilget':>16}{'udbetalt':>16}{'frigivet':>16}"
               "  før/efter")
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        shown = new or old
        click.echo(f"{key[0] + ' ' + str(key[1]):<16}"
                   + "".join(f"{format_money(v):>16}" for v in shown)
                   + ("  ens" if old == new else "  AFVIGER"))
    if before != after:
        raise BackupError("Puljernes tal afviger mellem de to databaser; brug ikke den nye.")


def pool_table(db: Engine) -> dict[tuple[str, int], tuple[int, int, int, int]]:
    """(organisation CVR, year) → (total, granted, paid, released) for every pool."""
    with Session(db) as session:
        return {(org.cvr, pool.year): (f.total, f.granted, f.paid, f.released)
                for pool, org in session.exec(
                    select(Pool, Organisation).join(
                        Organisation, Organisation.id == Pool.organisation_id))
                for f in [pool_figures(session, pool)]}


COMMANDS = [backup_command, restore_command, move_command]
