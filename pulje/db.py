"""The database's life in the Flask app: one engine per app, one session per request."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from pulje.engine import default_url, make_engine, session_factory


def init_app(app: Flask) -> None:
    """Create the engine for the app's database and close the request's session after it."""
    url = app.config.get("DATABASE_URL") or default_url(app.instance_path)
    engine = make_engine(url)
    app.extensions["pulje.engine"] = engine
    app.extensions["pulje.sessions"] = session_factory(engine)
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["pulje.engine"]


def sessions() -> sessionmaker[Session]:
    """The current app's session factory (for units of work outside a request)."""
    return current_app.extensions["pulje.sessions"]


def get_session() -> Session:
    """The request's one session; views commit it once, at the end of a successful step."""
    if "db_session" not in g:
        g.db_session = sessions()()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
