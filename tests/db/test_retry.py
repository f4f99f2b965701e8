"""run_in_transaction: lock conflicts are retried a few times, then reported as "prøv igen" —
with nothing half-written; every other error goes straight through."""

from __future__ import annotations

import threading

import psycopg.errors
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import func, select

from pulje import create_app
from pulje.engine import TryAgain, is_transient, run_in_transaction, transaction
from pulje.models import Organisation
from pulje.services.errors import InputError
from tests.db.conftest import add_pool


def conflict(kind=psycopg.errors.SerializationFailure) -> OperationalError:
    """What SQLAlchemy raises when the database reports ``kind``."""
    return OperationalError("UPDATE pool ...", {}, kind("could not serialize access"))


def organisations(factory) -> int:
    with transaction(factory) as session:
        return session.exec(select(func.count()).select_from(Organisation)).one()


def add_organisation(session, name: str) -> None:
    session.add(Organisation(name=name, legal_name=name, cvr="30000005"))
    session.flush()


def test_a_serialization_failure_is_retried_and_the_first_attempt_leaves_nothing(committing):
    calls = []

    def work(session):
        calls.append(1)
        add_organisation(session, f"Forsøg {len(calls)}")
        if len(calls) == 1:
            raise conflict()
        return "done"

    assert run_in_transaction(committing, work, pause=0) == "done"
    assert len(calls) == 2
    with transaction(committing) as session:
        assert session.exec(select(Organisation.name)).all() == ["Forsøg 2"]


@pytest.mark.parametrize("kind", [psycopg.errors.SerializationFailure,
                                  psycopg.errors.DeadlockDetected,
                                  psycopg.errors.LockNotAvailable])
def test_conflicts_that_never_clear_end_in_a_danish_try_again(committing, kind):
    calls = []

    def work(session):
        calls.append(1)
        add_organisation(session, "Aldrig")
        raise conflict(kind)

    with pytest.raises(TryAgain) as caught:
        run_in_transaction(committing, work, attempts=3, pause=0)
    assert caught.value.message == "Systemet er optaget lige nu — prøv igen om et øjeblik."
    assert len(calls) == 3
    assert organisations(committing) == 0


@pytest.mark.parametrize("error", [InputError("Forkert."), IntegrityError("INSERT", {}, None),
                                   ValueError("bug")])
def test_other_errors_are_not_retried(committing, error):
    calls = []

    def work(session):
        calls.append(1)
        add_organisation(session, "Én gang")
        raise error

    with pytest.raises(type(error)):
        run_in_transaction(committing, work, pause=0)
    assert len(calls) == 1
    assert organisations(committing) == 0


def test_what_counts_as_a_conflict():
    import sqlite3

    assert is_transient(conflict())
    assert is_transient(OperationalError("BEGIN IMMEDIATE", {},
                                         sqlite3.OperationalError("database is locked")))
    assert not is_transient(OperationalError("SELECT", {}, sqlite3.OperationalError("no such "
                                                                                     "table")))
    assert not is_transient(IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation()))
    assert not is_transient(TryAgain())


def test_a_real_deadlock_is_retried_until_both_succeed(committing, database_url):
    """Two transactions taking two rows in opposite order: PostgreSQL aborts one; it retries."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite takes its one write lock at BEGIN IMMEDIATE and cannot deadlock")
    add_pool(committing, total=100_00)
    with transaction(committing) as session:
        add_organisation(session, "Anden")
        first, second = session.exec(select(Organisation.id).order_by(Organisation.id)).all()
    both_hold_one = threading.Barrier(2, timeout=10)
    calls = []

    def worker(order, results):
        def work(session):
            calls.append(order)
            session.execute(text("UPDATE organisation SET email = 'x' WHERE id = :id"),
                            {"id": order[0]})
            try:
                both_hold_one.wait()
            except threading.BrokenBarrierError:
                pass  # the retry: the other one has finished long ago
            session.execute(text("UPDATE organisation SET email = 'y' WHERE id = :id"),
                            {"id": order[1]})
            return "ok"
        results.append(run_in_transaction(committing, work, pause=0.2))

    results: list[str] = []
    threads = [threading.Thread(target=worker, args=(order, results))
               for order in ((first, second), (second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == ["ok", "ok"]
    assert len(calls) == 3  # one of the two ran again after PostgreSQL chose it as the victim


def test_the_cli_says_try_again_and_changes_nothing(tmp_path, monkeypatch):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
                      "SECRET_KEY": "test", "TESTING": True})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--today", "2026-11-29"]).exit_code == 0
    reference = "2026-0007"  # a submitted case in the demo data
    from pulje.services import decisions

    calls = []
    start_review = decisions.start_review

    def busy(session, application, actor):
        calls.append(1)
        start_review(session, application, actor)  # written, then lost to the conflict
        raise conflict(psycopg.errors.LockNotAvailable)

    monkeypatch.setattr(decisions, "start_review", busy)
    monkeypatch.setattr("pulje.engine.time.sleep", lambda _s: None)
    result = runner.invoke(args=["review", reference, "--as", "mette@domi.example"])
    assert result.exit_code == 1
    assert result.output == ("Error: Systemet er optaget lige nu — prøv igen om et øjeblik.\n")
    assert len(calls) == 3
    monkeypatch.undo()
    result = runner.invoke(args=["review", reference, "--as", "mette@domi.example"])
    assert f"{reference}: modtaget → under behandling" in result.output
