"""Shared fixtures: a migrated database per engine, one rolled-back session per test, factories.

Every test that uses the database runs twice, on SQLite and on PostgreSQL (skipped, saying
why, when no server answers); see tests/db/databases.py for where those databases live.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from pulje.demo import DOMI_RULES
from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    Department,
    Invoice,
    Message,
    Organisation,
    OutboxMail,
    Payment,
    Pool,
)
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.rulesets import create_pool
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.db.databases import ENGINES, migrated_engine
from tests.factories import CASEWORKER, TODAY, invoice_input
from tests.helpers.hypothesis_profiles import register_and_load

register_and_load()


@pytest.fixture(scope="session", params=ENGINES)
def engine(request, tmp_path_factory):
    """A new database of this session, brought to the newest schema by Alembic, dropped after."""
    with migrated_engine(request.param, tmp_path_factory.mktemp("db")) as engine:
        yield engine


@pytest.fixture
def session(engine):
    """A session whose every change, commits included, is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    yield session
    session.close()
    outer.rollback()
    connection.close()


@pytest.fixture
def organisation(session) -> Organisation:
    """DOMI Bolig with three departments and its 2026 pool of 100.000 kr., cap 20.000 kr."""
    org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005",
                       address="Rådhusgade 1, 8300 Odder")
    session.add(org)
    session.flush()
    for number, name in (("1", "Søvangen"), ("2", "Kildevang"), ("3", "Ørnebjerg")):
        session.add(Department(organisation_id=org.id, number=number, name=name))
    create_pool(session, org.id, 2026, DOMI_RULES)
    return org


@pytest.fixture
def pool(session, organisation) -> Pool:
    return session.exec(select(Pool).where(Pool.organisation_id == organisation.id)).one()


@pytest.fixture
def application_input():
    """Build a complete application; keyword arguments override fields."""

    def build(**overrides) -> ApplicationInput:
        budget = overrides.pop("budget", None) or [
            BudgetLineInput(description="Leje af telt", amount=overrides.pop("requested",
                                                                             15_000_00))]
        values = dict(
            department_number="1", applicant_name="Karen Jensen",
            applicant_address="Søvangen 3, 8300 Odder", applicant_email="karen@beboer.example",
            applicant_phone="20 30 40 50", title="Sommerfest",
            purpose="En sommerfest på tværs af afdelingerne.", expected_participants=80,
            period_start=TODAY + timedelta(days=60), period_end=TODAY + timedelta(days=61),
            across_departments=True, budget=budget)
        values.update(overrides)
        return ApplicationInput(**values)

    return build


@pytest.fixture
def make_case(session, organisation, application_input):
    """Take a new case through the services to ``state``; returns the Application."""

    def make(state: str = "submitted", *, granted: int | None = None, paid: int | None = None,
             **overrides) -> Application:
        application = submit_application(session, organisation.id, application_input(**overrides),
                                         today=TODAY)
        if state == "submitted":
            return application
        if state == "withdrawn":
            return decisions.withdraw(session, application, Actor.resident("Karen Jensen"))
        decisions.start_review(session, application, CASEWORKER)
        if state == "awaiting_info":
            return decisions.request_info(session, application, CASEWORKER, "Hvor mange?")
        if state == "rejected":
            return decisions.reject(session, application, CASEWORKER, "Uden for formålet.")
        if state == "in_review":
            return application
        decisions.approve(session, application, CASEWORKER, granted or application.requested,
                          today=TODAY, reason="Budgettet er skåret ned." if granted else None)
        if paid:
            invoice = register_invoice(session, application, CASEWORKER,
                                       invoice_input(paid, number=f"F-{application.reference}"))
            accept_invoice(session, invoice, CASEWORKER)
            record_payment(session, invoice, CASEWORKER, paid_on=TODAY,
                           idempotency_key=f"test-{application.reference}")
        if state == "closed":
            return decisions.close(session, application, CASEWORKER)
        return application

    return make


def snapshot(session: Session) -> dict:
    """Row counts and every case's and invoice's state: what a refusal must leave unchanged."""
    counts = {model.__name__: session.exec(select(func.count()).select_from(model)).one()
              for model in (Application, BudgetLine, Message, Invoice, Payment, AuditEntry,
                            OutboxMail)}
    states = session.exec(select(Application.id, Application.state, Application.granted)).all()
    invoices = session.exec(select(Invoice.id, Invoice.state)).all()
    return {"counts": counts, "cases": sorted(states), "invoices": sorted(invoices)}


@pytest.fixture
def refused(session):
    """Run a step that must be refused; check the rule, the message and that nothing changed."""
    from workflows.errors import WorkflowError

    def check(step, *, rule: str | None = None, message: str = ""):
        before = snapshot(session)
        nested = session.begin_nested()
        with pytest.raises(WorkflowError) as caught:
            step()
        nested.rollback()
        session.expire_all()
        assert snapshot(session) == before
        if rule is not None:
            assert caught.value.rule == rule, caught.value
        assert message in caught.value.message
        return caught.value

    return check


def cli_on(database: Path):
    """Run a ``pulje`` command on this SQLite file; asserts the exit code, returns the output."""
    from pulje import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{database}",
                      "SECRET_KEY": "test", "TESTING": True})
    runner = app.test_cli_runner()

    def run(*args, ok: bool = True):
        result = runner.invoke(args=[str(a) for a in args])
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    run.app = app
    return run


@pytest.fixture
def cli(tmp_path):
    """Run a ``pulje`` command on a fresh SQLite file (tmp_path / "cli.sqlite")."""
    return cli_on(tmp_path / "cli.sqlite")


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A SQLite file after ``pulje demo --today 2026-11-29``, built once per test session."""
    database = tmp_path_factory.mktemp("cli-demo") / "demo.sqlite"
    run = cli_on(database)
    run("demo", "--today", "2026-11-29")
    # Closed, so everything is in the file itself (not in a write-ahead log) before it is copied.
    run.app.extensions["pulje.engine"].dispose()
    return database


@pytest.fixture
def demo_cli(tmp_path, demo_file):
    """``cli`` on this test's own copy of the demo data (what ``pulje demo`` made)."""
    shutil.copy(demo_file, tmp_path / "cli.sqlite")
    return cli_on(tmp_path / "cli.sqlite")
