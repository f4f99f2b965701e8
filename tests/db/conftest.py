"""Fixtures for tests that commit for real: each gets a new, migrated database of its own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import upgrade
from pulje.models import Department, Organisation, Pool
from tests.db.databases import ENGINES, empty_database


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path) -> str:
    """The URL of a new database brought to the newest schema; dropped after the test."""
    with empty_database(request.param, tmp_path) as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture
def committing(database_url):
    """A session factory on ``database_url``; what its units of work commit stays."""
    engine = make_engine(database_url)
    yield session_factory(engine)
    engine.dispose()


def add_pool(factory, *, total: int, cap: int = 20_000_00) -> int:
    """DOMI Bolig with one department and a 2026 pool of ``total``; returns the organisation id."""
    with transaction(factory) as session:
        org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005")
        session.add(org)
        session.flush()
        session.add(Department(organisation_id=org.id, number="1", name="Søvangen"))
        session.add(Pool(organisation_id=org.id, year=2026, total=total, cap=cap,
                         rule_version="Retningslinjer", rule_approved_on=date(2023, 5, 15),
                         opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)))
        session.flush()
        return org.id


def the_pool(session) -> Pool:
    return session.exec(select(Pool)).one()
