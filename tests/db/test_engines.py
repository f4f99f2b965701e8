"""How pulje.engine sets up each engine: SQLite's write lock at BEGIN, PostgreSQL's lock timeout."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from pulje.engine import is_transient, make_engine
from tests.db.databases import postgres_schema


def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'lock.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE pool (id INTEGER PRIMARY KEY, total INTEGER)"))
    with engine.connect() as first, engine.connect() as second:
        first.execute(text("SELECT count(*) FROM pool")).scalar()  # only a read, yet it locks
        second.connection.driver_connection.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(OperationalError) as caught:
            second.execute(text("SELECT count(*) FROM pool"))
        assert is_transient(caught.value)
        first.rollback()
        assert second.execute(text("SELECT count(*) FROM pool")).scalar() == 0
    engine.dispose()


def test_sqlite_autocommit_statements_are_kept_and_later_transactions_still_lock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'auto.sqlite'}")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 1
        assert connection.connection.driver_connection.in_transaction
        connection.execute(text("INSERT INTO t VALUES (2)"))
        connection.rollback()
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 1
    engine.dispose()


def test_postgres_connections_keep_the_urls_options_and_get_a_lock_timeout():
    with postgres_schema() as url:
        engine = make_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "10s"
            assert connection.execute(text("SELECT current_schema()")).scalar() == \
                url.rsplit("search_path%3D", 1)[1]
        engine.dispose()
