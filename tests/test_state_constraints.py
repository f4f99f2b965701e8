"""What each state implies is held by the database too (migration i13a), on a database in use:
the demo's data, written under the schema before i13a, is migrated on SQLite and PostgreSQL,
keeps every row, and then refuses a row that breaks what its state implies."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import pulje.models  # noqa: F401
from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import downgrade, upgrade
from tests.db.databases import ENGINES, empty_database

# (constraint, the row broken, how)
BROKEN = [
    ("application_decided_has_time", "application WHERE state = 'approved'", "decided_at = NULL"),
    ("application_granted_has_amount", "application WHERE state = 'closed'", "granted = NULL"),
    ("application_granted_only_when_approved", "application WHERE state = 'submitted'",
     "granted = 1"),
    ("application_rejected_has_reason", "application WHERE state = 'rejected'",
     "decision_reason = NULL"),
    ("application_ended_has_time", "application WHERE state = 'lapsed'", "ended_at = NULL"),
    ("application_state_known", "application WHERE state = 'submitted'", "state = 'paid'"),
    ("invoice_amount_sign", "invoice WHERE NOT is_credit_note AND accepted_amount IS NULL",
     "amount = -100"),
    ("invoice_accepted_has_amount", "invoice WHERE state = 'paid' AND NOT is_credit_note",
     "accepted_amount = NULL"),
    ("payment_amount_positive", "payment WHERE amount > 0", "amount = 0"),
]


@pytest.fixture(scope="module", params=ENGINES)
def demo_engine(request, tmp_path_factory):
    """The demo's data taken back to i17a (before this hardening), then migrated to the head.

    The demo is written at the head (today's services write today's columns) and the schema
    is then downgraded: rows that older schemas have kept are what the hardening must accept.
    """
    from pulje.demo import load_demo

    with empty_database(request.param, tmp_path_factory.mktemp("i13a")) as url:
        engine = make_engine(url)
        upgrade(engine)
        with transaction(session_factory(engine)) as session:
            load_demo(session, today=date(2026, 11, 29))
        downgrade(engine, "i17a")
        with engine.connect() as connection:
            before = counts(connection)
        upgrade(engine)
        with engine.connect() as connection:
            assert counts(connection) == before
        yield engine
        engine.dispose()


def counts(connection) -> dict[str, int]:
    return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("application", "invoice", "payment", "audit_entry")}


@pytest.mark.parametrize("constraint, rows, change", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_row_breaking_what_its_state_implies_is_refused(demo_engine, constraint, rows, change):
    table, where = rows.split(" WHERE ")
    with demo_engine.connect() as connection:
        row_id = connection.execute(
            text(f"SELECT id FROM {table} WHERE {where} ORDER BY id")).scalars().first()
    assert row_id is not None, f"the demo has no {rows}"
    with pytest.raises(IntegrityError, match=constraint), demo_engine.begin() as connection:
        connection.execute(text(f"UPDATE {table} SET {change} WHERE id = :id"), {"id": row_id})


def test_every_constraint_has_the_name_the_models_give_it(demo_engine):
    """The naming convention: what the migrated database calls each constraint is what the
    models call it, so a later migration can name it (PostgreSQL only: SQLite does not keep
    the names of constraints it was given without one)."""
    if demo_engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no names for unnamed unique and foreign-key constraints")
    found = inspect(demo_engine)
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in found.get_table_names():
            continue
        named = {c["name"] for c in found.get_unique_constraints(table.name)}
        named |= {c["name"] for c in found.get_foreign_keys(table.name)}
        named |= {c["name"] for c in found.get_check_constraints(table.name)}
        named.add(found.get_pk_constraint(table.name)["name"])
        declared = {str(c.name) for c in table.constraints}
        assert declared <= named, f"{table.name}: {sorted(declared - named)}"
