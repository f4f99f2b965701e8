"""Alembic's migrations build exactly the schema the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import pulje.models  # noqa: F401
from pulje.db import make_engine
from pulje.migrate import upgrade


def test_upgrading_an_empty_database_gives_the_models_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert set(inspect(connection).get_table_names()) >= set(SQLModel.metadata.tables)
    engine.dispose()


def test_sqlite_connections_enforce_foreign_keys(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
