"""Database engine and sessions: SQLite in instance/ by default, any URL by PULJE_DATABASE_URL."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, create_engine

from workflows.errors import WorkflowError

SQLITE_BUSY_TIMEOUT_S = 30
# The execution option that marks a read-only session's connections (see session_factory).
READ_ONLY = "pulje_read_only"
# A transaction waiting longer than this for a row lock gives up and is retried, so a stuck
# transaction elsewhere shows as "prøv igen" rather than a request that never answers.
POSTGRES_LOCK_TIMEOUT = "10s"
# serialization_failure, deadlock_detected, lock_not_available (lock_timeout)
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_TRANSIENT = ("database is locked", "database table is locked", "database is busy")

T = TypeVar("T")
log = logging.getLogger(__name__)


class TryAgain(WorkflowError):
    """The database stayed busy (lock conflicts) through every retry; nothing was written."""

    MESSAGE = "Systemet er optaget lige nu — prøv igen om et øjeblik."

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling of the URL is given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_url(instance_path: str | Path) -> str:
    """The database URL: PULJE_DATABASE_URL, else instance/pulje.sqlite."""
    url = os.environ.get("PULJE_DATABASE_URL")
    if url:
        return normalise_url(url)
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'pulje.sqlite'}"


def make_engine(url: str, **kwargs) -> Engine:
    """An engine set up for pulje's transactions on SQLite or PostgreSQL."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(_with_lock_timeout(url), pool_pre_ping=True, **kwargs)


def _with_lock_timeout(url: str):
    # Through the URL's libpq options, so a search_path given there (tests) is kept.
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    if "lock_timeout" in options:
        return parsed
    options = f"{options} -c lock_timeout={POSTGRES_LOCK_TIMEOUT}".strip()
    return parsed.update_query_dict({"options": options})


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write, which lets two
    # writers read the same pool figures; taking the write lock at BEGIN IMMEDIATE serialises
    # decisions the way SELECT ... FOR UPDATE does on PostgreSQL. Only transactions that write
    # take it: a read-only one (READ_ONLY, the web's page session) begins deferred and, in WAL
    # mode, neither waits for a writer nor holds one up, however long it renders.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        driver = connection.connection.driver_connection
        if driver.isolation_level is not None:
            # The dialect gives a connection back to the pool in pysqlite's own mode after an
            # AUTOCOMMIT use; take the transactions back under our control.
            driver.isolation_level = None
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # each statement commits itself; a BEGIN here would never be committed
        connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY) else "BEGIN IMMEDIATE")


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (views render after the commit).

    ``read_only`` sessions are for reading (pages, PDFs, exports): on SQLite they begin without
    the write lock. Every step that writes uses the default, through run_in_transaction.
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind=bind, class_=Session, expire_on_commit=False)


def is_transient(error: BaseException) -> bool:
    """Whether the database refused only because of a concurrent transaction (worth a retry)."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return (isinstance(original, sqlite3.OperationalError)
            and any(text in str(original).lower() for text in SQLITE_TRANSIENT))


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back everything on any error.

    Without retries: a lock conflict is reported as TryAgain (use run_in_transaction to retry).
    """
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        if is_transient(exc):
            raise TryAgain() from exc
        raise
    finally:
        session.close()


def run_in_transaction(factory: sessionmaker[Session], fn: Callable[[Session], T], *,
                       attempts: int = 3, pause: float = 0.05) -> T:
    """Run ``fn(session)`` in one transaction and commit; retry it whole on lock conflicts.

    A serialization failure, deadlock or lock timeout rolls everything back and runs ``fn``
    again in a new transaction, at most ``attempts`` times, then raises TryAgain. ``fn`` must
    therefore do nothing but database work (no mails, no files) and may run more than once.
    Workflow errors and everything else roll back and propagate at once.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(1, attempts + 1):
        session = factory()
        try:
            result = fn(session)
            session.commit()
            return result
        except BaseException as exc:
            session.rollback()
            if not is_transient(exc):
                raise
            if attempt == attempts:
                raise TryAgain() from exc
            log.info("transaction conflict (%s), attempt %d of %d", exc.orig, attempt,
                     attempts)
        finally:
            session.close()
        # Jittered, growing pauses so the transactions that collided don't collide again.
        time.sleep(pause * attempt * (0.5 + random.random()))
    raise AssertionError("the loop returns or raises")
