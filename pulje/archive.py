"""The portable archive: a database written as typed rows that either engine can read back.

A native backup (an SQLite file copy, a pg_dump) only goes back into the engine it came from.
The portable archive is a zip holding

- ``manifest.json``: the format, the Alembic revision, and per table its columns, row count and
  the SHA-256 of its rows in canonical form; per stored file its path, size and SHA-256;
- ``tables/<name>.jsonl``: one row a line, as a JSON object with sorted keys — integers stay
  integers (money is øre), dates ``YYYY-MM-DD``, instants ISO 8601 in UTC; floats are refused;
- ``files/<path>``: the stored files (uploaded invoices, e-invoices, attachments).

A line *is* the row's canonical form, so the checksum of a table file is the checksum of its
rows. A restore checks every file of the archive before it touches the target, loads the rows
in one transaction, reads them back from the target, and commits only when the counts and the
checksums of what the target now holds equal the manifest's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
    text,
)

from pulje import clock
from pulje.migrate import alembic_config, downgrade, upgrade
from pulje.models.search import is_engine_index

FORMAT = "pulje-portable"
VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2_000
ZIP_HEADER = b"PK\x03\x04"

# (table, rows done, rows in all): how a command shows its progress bar.
Progress = Callable[[str, int, int], None]


class ArchiveError(Exception):
    """An archive that cannot be written or read back, with a Danish explanation."""


@dataclass(frozen=True)
class TableReport:
    name: str
    rows: int


# -- writing ----------------------------------------------------------------------------------


def revision(db: Engine | Connection) -> str | None:
    """The Alembic revision the database is at, or None before the first migration."""
    def read(connection: Connection) -> str | None:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    if isinstance(db, Connection):
        return read(db)
    with db.connect() as connection:
        return read(connection)


def data_tables(connection: Connection) -> list[Table]:
    """Every table but Alembic's, parents before children (foreign keys); the case search's
    index tables (SQLite FTS5) are no data: restoring case_search rebuilds them."""
    metadata = MetaData()
    metadata.reflect(bind=connection, only=lambda name, _: not is_engine_index(name))
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def write_archive(db: Engine, path: Path, files_root: Path | None = None, *,
                  progress: Progress | None = None) -> dict:
    """Write the whole database (and the files under ``files_root``) to ``path``.

    Rows are streamed, never loaded whole; the read is one transaction, so the archive is a
    consistent snapshot (SQLite: a deferred read transaction; PostgreSQL: REPEATABLE READ).
    Returns the manifest.
    """
    partial = path.with_name(path.name + ".part")
    tables: list[dict] = []
    with db.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            current = revision(connection)
            if current is None:
                raise ArchiveError("Databasen har intet skema endnu; kør »pulje db upgrade«.")
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for table in data_tables(connection):
                    tables.append(_write_table(connection, table, archive, progress))
                stored = _write_files(archive, files_root)
                manifest = {
                    "format": FORMAT, "version": VERSION, "revision": current,
                    "engine": connection.dialect.name,
                    "written_at": clock.now().isoformat(),
                    "tables": tables, "files": stored,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    partial.replace(path)
    return manifest


def _write_table(connection: Connection, table: Table, archive: zipfile.ZipFile,
                 progress: Progress | None) -> dict:
    total = connection.execute(select(func.count()).select_from(table)).scalar_one()
    digest = hashlib.sha256()
    rows = 0
    with archive.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as out:
        for line in _canonical_lines(connection, table):
            data = line.encode() + b"\n"
            digest.update(data)
            out.write(data)
            rows += 1
            if progress and rows % BATCH == 0:
                progress(table.name, rows, total)
    if progress:
        progress(table.name, rows, total)
    return {"name": table.name, "rows": rows, "sha256": digest.hexdigest(),
            "columns": [{"name": c.name, "kind": _kind(c.type)} for c in table.columns]}


def _canonical_lines(connection: Connection, table: Table) -> Iterator[str]:
    """The table's rows in primary-key order, each as its canonical JSON line."""
    columns = sorted(table.columns, key=lambda c: c.name)
    names = [c.name for c in columns]
    encoders = [_encoder(c, table.name) for c in columns]
    order = list(table.primary_key.columns) or list(table.columns)
    # Statement options: a connection's own options would stay on it (SQLAlchemy 2) and turn
    # the restore's inserts into server-side cursors.
    result = connection.execute(select(*columns).order_by(*order).execution_options(
        stream_results=True, yield_per=BATCH))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in result:
        # Keys are already in sorted order, so this is the sort_keys form.
        yield dumps({name: None if value is None else encode(value)
                     for name, value, encode in zip(names, row, encoders, strict=True)})


def _write_files(archive: zipfile.ZipFile, root: Path | None) -> list[dict]:
    if root is None or not root.is_dir():
        return []
    stored = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = file.relative_to(root).as_posix()
        digest = hashlib.sha256()
        with file.open("rb") as source, archive.open(f"files/{relative}", "w",
                                                      force_zip64=True) as out:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        stored.append({"path": relative, "size": file.stat().st_size,
                       "sha256": digest.hexdigest()})
    return stored


# -- typed values -----------------------------------------------------------------------------


def _kind(column_type) -> str:
    """The portable kind of a reflected column type."""
    for sql_type, kind in ((Boolean, "bool"), (Integer, "int"), (DateTime, "instant"),
                           (Date, "date"), (LargeBinary, "bytes"), (JSON, "json"),
                           (String, "text"), (Text, "text")):
        if isinstance(column_type, sql_type):
            return kind
    raise ArchiveError(f"Kolonnetypen {column_type!r} kan ikke gemmes i et flytbart arkiv.")


def _encoder(column, table: str) -> Callable[[Any], Any]:
    """The function that turns a (non-null) value of ``column`` into its JSON form."""
    kind = _kind(column.type)
    if kind == "instant":
        return _encode_instant
    if kind == "date":
        return date.isoformat
    if kind == "bytes":
        return lambda value: base64.b64encode(bytes(value)).decode("ascii")
    if kind == "bool":
        return bool
    if kind == "int":
        return int

    def as_is(value: Any) -> Any:
        if isinstance(value, float):
            raise ArchiveError(f"{table}.{column.name} indeholder et kommatal ({value}); pulje "
                               "gemmer beløb som hele øre.")
        return value

    return as_is


def _encode_instant(value: datetime) -> str:
    # SQLite hands back the stored UTC wall time without a zone.
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _decoder(column) -> Callable[[Any], Any] | None:
    """The function that turns a JSON value back into what ``column`` stores (None: as is)."""
    kind = _kind(column.type)
    if kind == "instant":
        keep_zone = bool(getattr(column.type, "timezone", False))

        def instant(value: str) -> datetime:
            moment = datetime.fromisoformat(value).astimezone(UTC)
            return moment if keep_zone else moment.replace(tzinfo=None)

        return instant
    if kind == "date":
        return date.fromisoformat
    if kind == "bytes":
        return base64.b64decode
    return None


# -- reading back -----------------------------------------------------------------------------


def is_portable(path: Path) -> bool:
    """Whether ``path`` is meant as a portable archive: a zip (native backups never are).

    Only the header is looked at, so a truncated archive still reaches verify_archive and is
    refused as damaged rather than as the wrong kind of file.
    """
    with path.open("rb") as file:
        return file.read(4) == ZIP_HEADER


def verify_archive(path: Path) -> dict:
    """Check every part of the archive against its manifest; returns the manifest.

    Done before the target is touched, so a damaged archive writes nothing.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive, path)
            names = set(archive.namelist())
            for entry in manifest["tables"]:
                member = f"tables/{entry['name']}.jsonl"
                if member not in names:
                    raise ArchiveError(f"Tabellen {entry['name']} mangler i arkivet {path}.")
                digest, rows = hashlib.sha256(), 0
                with archive.open(member) as lines:
                    for line in lines:
                        digest.update(line)
                        rows += 1
                if rows != entry["rows"] or digest.hexdigest() != entry["sha256"]:
                    raise ArchiveError(
                        f"Tabellen {entry['name']} i arkivet stemmer ikke med manifestet "
                        f"({rows} rækker, manifestet siger {entry['rows']}, eller "
                        "kontrolsummen afviger); arkivet er ændret eller beskadiget.")
            for entry in manifest["files"]:
                _safe_relative(entry["path"])
                member = f"files/{entry['path']}"
                if member not in names:
                    raise ArchiveError(f"Filen {entry['path']} mangler i arkivet {path}.")
                digest = hashlib.sha256()
                with archive.open(member) as data:
                    for chunk in iter(lambda: data.read(1 << 20), b""):
                        digest.update(chunk)
                if digest.hexdigest() != entry["sha256"]:
                    raise ArchiveError(f"Filen {entry['path']} i arkivet er ændret eller "
                                       "beskadiget (kontrolsummen afviger).")
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
        raise ArchiveError(f"{path} kan ikke læses som et flytbart arkiv ({exc}); filen er "
                           "beskadiget eller afkortet.") from exc
    return manifest


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise ArchiveError(f"{path} har intet manifest og er ikke et arkiv fra pulje.") from exc
    except ValueError as exc:
        raise ArchiveError(f"Manifestet i {path} kan ikke læses ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path} er ikke et flytbart arkiv fra pulje.")
    if manifest.get("version") != VERSION:
        raise ArchiveError(f"Arkivet har format-version {manifest.get('version')}; denne "
                           f"udgave af pulje læser version {VERSION}.")
    return manifest


def _safe_relative(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(f"Arkivet indeholder en ugyldig filsti: {relative!r}.")
    return path


def has_rows(db: Engine) -> bool:
    """Whether any table but Alembic's holds a row."""
    with db.connect() as connection:
        return any(connection.execute(select(text("1")).select_from(t).limit(1)).first()
                   for t in data_tables(connection))


def restore_archive(db: Engine, path: Path, files_root: Path | None = None, *,
                    progress: Progress | None = None) -> list[TableReport]:
    """Load a portable archive into the empty database ``db`` and migrate it to the newest
    schema; on any mismatch nothing is committed and the message names the table."""
    manifest = verify_archive(path)
    if has_rows(db):
        raise ArchiveError("Måldatabasen har allerede data; et arkiv indlæses kun i en tom "
                           "database.")
    _at_revision(db, manifest["revision"])
    reports = _load_rows(db, path, manifest, progress)
    if files_root is not None:
        _restore_files(path, manifest, files_root)
    upgrade(db)
    return reports


def _at_revision(db: Engine, wanted: str) -> None:
    """Bring the (empty) target to the archive's revision, up or down."""
    scripts = ScriptDirectory.from_config(alembic_config())
    if scripts.get_revision(wanted) is None:
        raise ArchiveError(f"Arkivet er fra skemaversion {wanted}, som denne udgave af pulje "
                           "ikke kender; brug en nyere pulje.")
    current = revision(db)
    if current == wanted:
        return
    behind = current is None or wanted not in {
        r.revision for r in scripts.walk_revisions(base="base", head=current)}
    if behind:
        upgrade(db, wanted)
    else:
        downgrade(db, wanted)


def _load_rows(db: Engine, path: Path, manifest: dict,
               progress: Progress | None) -> list[TableReport]:
    reports = []
    with db.connect() as connection, connection.begin(), zipfile.ZipFile(path) as archive:
        tables = {t.name: t for t in data_tables(connection)}
        for entry in manifest["tables"]:
            table = tables.get(entry["name"])
            if table is None:
                raise ArchiveError(f"Tabellen {entry['name']} findes ikke i måldatabasen.")
            _insert(connection, table, archive, entry, progress)
            _check_table(connection, table, entry)
            reports.append(TableReport(table.name, entry["rows"]))
        missing = set(tables) - {e["name"] for e in manifest["tables"]}
        if missing:
            raise ArchiveError("Arkivet mangler tabellerne " + ", ".join(sorted(missing)) + ".")
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
    return reports


def _insert(connection: Connection, table: Table, archive: zipfile.ZipFile, entry: dict,
            progress: Progress | None) -> None:
    columns = [c for c in table.columns if c.name in entry_columns(entry)]
    unknown = entry_columns(entry) - {c.name for c in table.columns}
    if unknown:
        raise ArchiveError(f"Tabellen {table.name} i arkivet har kolonner, som måldatabasen "
                           "ikke har: " + ", ".join(sorted(unknown)) + ".")
    names = [c.name for c in columns]
    decoders = [_decoder(c) for c in columns]
    write = _copy_writer(connection, table, names) if connection.dialect.name == "postgresql" \
        else _insert_writer(connection, table, names)
    batch: list[tuple] = []
    done = 0
    with archive.open(f"tables/{table.name}.jsonl") as lines:
        for line in lines:
            row = json.loads(line)
            try:
                values = tuple(
                    row[name] if row[name] is None or decode is None else decode(row[name])
                    for name, decode in zip(names, decoders, strict=True))
            except (KeyError, TypeError, ValueError) as exc:
                raise ArchiveError(f"En række i tabellen {table.name} kan ikke læses ({exc}).") \
                    from exc
            batch.append(values)
            if len(batch) == BATCH:
                write(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(table.name, done, entry["rows"])
    if batch:
        write(batch)
        done += len(batch)
    if progress:
        progress(table.name, done, entry["rows"])


def entry_columns(entry: dict) -> set[str]:
    return {c["name"] for c in entry["columns"]}


def _insert_writer(connection: Connection, table: Table, names: list[str]):
    statement = table.insert()

    def write(rows: list[tuple]) -> None:
        connection.execute(statement, [dict(zip(names, row, strict=True)) for row in rows])

    return write


def _copy_writer(connection: Connection, table: Table, names: list[str]):
    """PostgreSQL's COPY, in the same transaction: several times faster than INSERTs."""
    from psycopg import sql

    cursor = connection.connection.driver_connection.cursor()
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))

    def write(rows: list[tuple]) -> None:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    return write


def _check_table(connection: Connection, table: Table, entry: dict) -> None:
    """What the target holds now must be, row for row, what the archive says."""
    digest, rows = hashlib.sha256(), 0
    for line in _canonical_lines(connection, table):
        digest.update(line.encode() + b"\n")
        rows += 1
    if rows != entry["rows"] or digest.hexdigest() != entry["sha256"]:
        raise ArchiveError(f"Tabellen {table.name} afviger efter indlæsningen ({rows} rækker, "
                           f"arkivet har {entry['rows']}); intet er gemt.")


def _reset_sequences(connection: Connection, tables) -> None:
    """Make PostgreSQL's id sequences continue after the loaded rows."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                          {"t": table.name, "c": column.name}).scalar()
            if sequence:
                connection.execute(
                    text(f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM '
                         f'"{table.name}"), 0) + 1, false)'), {"s": sequence})


def _restore_files(path: Path, manifest: dict, root: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for entry in manifest["files"]:
            target = root.joinpath(*_safe_relative(entry["path"]).parts)
            if target.exists():
                if hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]:
                    continue
                raise ArchiveError(f"Filen {target} findes allerede med et andet indhold; "
                                   "den overskrives ikke.")
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            with archive.open(f"files/{entry['path']}") as source, partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(target)
