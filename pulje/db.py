"""The database's life in the Flask app: one engine per app, one reading session per request,
and each step that writes in its own transaction, retried on lock conflicts like the CLI's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from pulje.engine import default_url, make_engine, run_in_transaction, session_factory

T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Create the engine for the app's database and close the request's session after it."""
    url = app.config.get("DATABASE_URL") or default_url(app.instance_path)
    engine = make_engine(url)
    app.extensions["pulje.engine"] = engine
    app.extensions["pulje.sessions"] = session_factory(engine)
    app.extensions["pulje.read_sessions"] = session_factory(engine, read_only=True)
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["pulje.engine"]


def sessions() -> sessionmaker[Session]:
    """The current app's session factory (for units of work outside a request)."""
    return current_app.extensions["pulje.sessions"]


def get_session() -> Session:
    """The request's session for reading what a page shows; it never commits.

    On SQLite it begins without the write lock, so a long read (the yearly PDF) holds up no
    caseworker's step. Writes go through ``write``.
    """
    if "db_session" not in g:
        g.db_session = current_app.extensions["pulje.read_sessions"]()
    return g.db_session


def write(step: Callable[[Session], T]) -> T:
    """Run ``step(session)`` in its own transaction and commit it: the CLI's run_in_transaction.

    A lock conflict or serialization failure runs the step again in a new transaction (then
    TryAgain, a 503 "prøv igen"); a refusal (WorkflowError) rolls back and propagates. So the
    step must look up what it changes in the session it is given, and do nothing but database
    work (a mail is only stored in the outbox; it is sent after the commit).
    """
    return run_in_transaction(sessions(), step)


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
