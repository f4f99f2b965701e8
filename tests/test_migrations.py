"""Alembic's migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import pulje.models  # noqa: F401
from pulje.engine import make_engine
from pulje.migrate import downgrade, upgrade
from pulje.models import Department, Pool
from pulje.models.search import declared_here
from tests.db.databases import ENGINES, empty_database


@pytest.fixture(params=ENGINES)
def fresh_engine(request, tmp_path):
    """An engine on a new, empty database (no schema yet)."""
    with empty_database(request.param, tmp_path) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": declared_here})
        return compare_metadata(context, SQLModel.metadata)


def test_upgrading_an_empty_database_gives_the_models_schema(fresh_engine):
    upgrade(fresh_engine)
    assert differences(fresh_engine) == []
    assert set(inspect(fresh_engine).get_table_names()) >= set(SQLModel.metadata.tables)


def test_every_migration_can_be_taken_back_and_done_again(fresh_engine):
    upgrade(fresh_engine)
    downgrade(fresh_engine, "base")
    assert not set(inspect(fresh_engine).get_table_names()) & set(SQLModel.metadata.tables)
    upgrade(fresh_engine)
    assert differences(fresh_engine) == []


def test_migrations_keep_the_data_of_a_database_in_use(fresh_engine):
    from pulje.demo import load_demo
    from pulje.engine import session_factory, transaction

    upgrade(fresh_engine)
    with transaction(session_factory(fresh_engine)) as session:
        load_demo(session, today=date(2026, 11, 29))
    downgrade(fresh_engine, "0003")
    upgrade(fresh_engine)
    with fresh_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM application").scalar() == 21
        assert connection.exec_driver_sql("SELECT count(*) FROM payment").scalar() == 9
    assert differences(fresh_engine) == []


def test_connections_enforce_foreign_keys(session):
    nested = session.begin_nested()
    session.add(Department(organisation_id=999_999, number="1", name="Ingen"))
    with pytest.raises(IntegrityError):
        session.flush()
    nested.rollback()


def test_check_constraints_hold(session, organisation):
    nested = session.begin_nested()
    session.add(Pool(organisation_id=organisation.id, year=2030, total=100_00, cap=0,
                     rule_version="R", rule_approved_on=date(2023, 5, 15),
                     opens_on=date(2030, 1, 1), closes_on=date(2030, 12, 31)))
    with pytest.raises(IntegrityError, match="pool_cap_positive|CHECK"):
        session.flush()
    nested.rollback()
