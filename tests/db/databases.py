"""Throw-away databases for the tests: a SQLite file, or a fresh PostgreSQL schema.

PostgreSQL comes from PULJE_TEST_POSTGRES_URL (CI sets it), else the local default below. Each
database gets its own uniquely named schema, reached through the URL's search_path, and is
dropped afterwards: the tests never see, let alone change, anybody's own data.
"""

from __future__ import annotations

import functools
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

from pulje.engine import make_engine
from pulje.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
ENGINES = ("sqlite", "postgresql")
SCHEMA_PREFIX = "pulje_test_"
# Schemas older than this are left-overs of a killed run, not another run's live database.
STALE_AFTER_S = 24 * 3600


def postgres_url() -> str:
    return os.environ.get("PULJE_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@functools.cache
def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used for the tests, or None when it answers."""
    try:
        with psycopg.connect(_libpq(postgres_url()), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL at {postgres_url()} does not answer ({first_line})"
    _drop_stale_schemas()
    _create_trigram_extension()
    return None


def _create_trigram_extension() -> None:
    """pg_trgm and btree_gin in ``public``, once per database: migrations i21a and i21b would
    otherwise create them in the first test schema, and dropping that schema would take them
    from every other run."""
    for extension in ("pg_trgm", "btree_gin"):
        try:
            with _admin() as connection:
                connection.execute(f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public")
        except psycopg.Error:
            pass  # not available or not allowed: the search tests run without the index


def require_postgres() -> None:
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)


def _admin() -> psycopg.Connection:
    return psycopg.connect(_libpq(postgres_url()), autocommit=True, connect_timeout=3)


def _drop_stale_schemas() -> None:
    cutoff = int(time.time()) - STALE_AFTER_S
    pattern = SCHEMA_PREFIX.replace("_", r"\_") + "%"
    with _admin() as connection:
        for query, drop in (
                ("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
                 "DROP SCHEMA IF EXISTS {} CASCADE"),
                ("SELECT datname FROM pg_database WHERE datname LIKE %s",
                 "DROP DATABASE IF EXISTS {} WITH (FORCE)")):
            for (name,) in connection.execute(query, (pattern,)).fetchall():
                created = name[len(SCHEMA_PREFIX):].split("_")[0]
                if created.isdigit() and int(created) < cutoff:
                    connection.execute(sql.SQL(drop).format(sql.Identifier(name)))


def with_search_path(url: str, schema: str) -> str:
    """The URL with ``schema`` first on the search path (libpq options)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new, empty schema; yields a URL whose connections work in it; drops it afterwards."""
    require_postgres()
    schema = f"{SCHEMA_PREFIX}{int(time.time())}_{os.getpid()}_{secrets.token_hex(4)}"
    with _admin() as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield with_search_path(postgres_url(), schema)
    finally:
        with _admin() as connection:
            connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
                               .format(sql.Identifier(schema)))


@contextmanager
def postgres_database() -> Iterator[str]:
    """A whole new database (for what works per database, like pg_dump); dropped afterwards."""
    require_postgres()
    name = f"{SCHEMA_PREFIX}{int(time.time())}_{os.getpid()}_{secrets.token_hex(4)}"
    with _admin() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield str(make_url(postgres_url()).set(database=name).render_as_string(
            hide_password=False))
    finally:
        with _admin() as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                               .format(sql.Identifier(name)))


@contextmanager
def empty_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of ``kind`` (sqlite or postgresql), removed after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'pulje-{secrets.token_hex(4)}.sqlite'}"
    elif kind == "postgresql":
        with postgres_schema() as url:
            yield url
    else:
        raise ValueError(kind)


@contextmanager
def migrated_engine(kind: str, folder: Path):
    """An engine on a new database of ``kind`` brought to the newest schema by Alembic."""
    with empty_database(kind, folder) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
