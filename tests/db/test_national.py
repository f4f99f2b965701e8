"""The national demo at a tiny scale: bulk-written rows keep every invariant the services keep,
and the services work on after it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from pulje import create_app
from pulje.demo_national import Scale, _money, load_national
from pulje.engine import make_engine, transaction
from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    Invoice,
    Organisation,
    Payment,
    Pool,
)
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.queries import case_by_token
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.factories import CASEWORKER
from workflows.application import STATES
from workflows.money import format_money

TODAY = date(2026, 11, 29)
TINY = Scale(organisations=3, departments=12, years=2, applications=800)


@pytest.fixture
def national(committing, database_url):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        counts = load_national(connection, scale=TINY, today=TODAY, seed=7)
    engine.dispose()
    return counts


def test_the_numbers_asked_for_are_made(committing, national):
    assert national["organisation"] == 3
    assert national["department"] == 12
    assert national["pool"] == 3 * 2
    assert national["application"] == 800
    with transaction(committing) as session:
        states = Counter(session.exec(select(Application.state)).all())
        # A realistic mix: every state occurs, most cases are decided.
        assert set(states) == set(STATES), states
        assert states["closed"] + states["rejected"] > states["submitted"]


def test_every_case_and_pool_keeps_the_money_invariants(committing, national):
    with transaction(committing) as session:
        for pool in session.exec(select(Pool)).all():
            figures = pool_figures(session, pool)
            assert 0 <= figures.used <= figures.total
            assert figures.granted == figures.used + figures.released
            cases = session.exec(select(Application).where(Application.pool_id == pool.id)
                                 ).all()
            assert pool.next_number == len(cases) + 1
            assert len({c.reference for c in cases}) == len(cases)
            for case in cases:
                money = case_money(session, case)
                assert 0 <= money.paid <= (case.granted or 0) <= min(case.requested, pool.cap)
                assert money.invoiced <= (case.granted or 0)
                lines = session.exec(select(func.sum(BudgetLine.amount))
                                     .where(BudgetLine.application_id == case.id)).one()
                assert lines == case.requested
                if case.state in ("closed", "withdrawn", "lapsed"):
                    assert money.invoices_awaiting == 0 and case.ended_at is not None
                if case.granted is not None:
                    assert case.decided_at.date() < case.period_start  # R6


def test_the_audit_trail_tells_each_case_from_submission_to_its_state(committing, national):
    with transaction(committing) as session:
        for case in session.exec(select(Application)).all():
            entries = session.exec(select(AuditEntry).where(
                AuditEntry.application_id == case.id, AuditEntry.invoice_id.is_(None))
                .order_by(AuditEntry.at, AuditEntry.id)).all()
            assert entries[0].action == "submit"
            assert entries[-1].to_state == case.state
            for before, after in zip(entries, entries[1:], strict=False):
                assert after.from_state == before.to_state
            assert all(entry.at <= case_time_limit() for entry in entries)
        refused = session.exec(select(Invoice).where(Invoice.state == "refused")).all()
        assert all(invoice.refusal_reason for invoice in refused)
        paid = session.exec(select(Invoice.id).where(Invoice.state == "paid")).all()
        payments = session.exec(select(Payment.invoice_id)).all()
        assert sorted(paid) == sorted(payments)


def case_time_limit():
    from datetime import UTC, datetime

    return datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=12)


def test_the_services_carry_on_after_the_bulk_load(committing, national):
    with transaction(committing) as session:
        org = session.exec(select(Organisation).where(Organisation.cvr == "30000005")).one()
        token = session.exec(select(Application.public_token)).first()
        assert case_by_token(session, token).public_token == token
        data = ApplicationInput(
            department_number="1", applicant_name="Ny Beboer", title="Fest",
            purpose="Fest for alle.", expected_participants=10,
            period_start=TODAY + timedelta(days=30), period_end=TODAY + timedelta(days=31),
            across_departments=True, budget=[BudgetLineInput(description="Telt", amount=100_00)])
        application = submit_application(session, org.id, data, today=TODAY)
        decisions.start_review(session, application, CASEWORKER)
        figures = pool_figures(session, session.get(Pool, application.pool_id))
        if figures.available >= 100_00:
            decisions.approve(session, application, CASEWORKER, 100_00, today=TODAY)
        assert application.id == national["application"] + 1


def test_a_second_load_is_refused(committing, national, database_url):
    engine = make_engine(database_url)
    with pytest.raises(ValueError, match="allerede data"), engine.begin() as connection:
        load_national(connection, scale=TINY, today=TODAY)
    engine.dispose()


def test_the_demo_command_loads_it_with_a_progress_bar(database_url, monkeypatch):
    monkeypatch.setattr("pulje.demo_national.NATIONAL", TINY)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test", "TESTING": True})
    try:
        result = app.test_cli_runner().invoke(args=["demo", "--scale", "national", "--today",
                                                    TODAY.isoformat()])
        assert result.exit_code == 0, result.output
        assert "3 organisationer, 12 afdelinger, 800 sager" in result.output
        assert "mette@domi.example" in result.output
        again = app.test_cli_runner().invoke(args=["demo", "--scale", "national", "--if-empty"])
        assert again.exit_code == 0 and "springes over" in again.output
    finally:
        app.extensions["pulje.engine"].dispose()


@pytest.mark.parametrize("amount", [0, 5, 100, 123_456_78, 20_000_00, 1_000_000_000_00])
def test_the_fast_money_format_is_babels(amount):
    assert _money(amount) == format_money(amount)


def test_the_search_rows_are_what_the_services_would_write(committing, national):
    from pulje.models import CaseSearch
    from pulje.services.search import search_cases
    from pulje.services.search_index import rebuild

    columns = (CaseSearch.application_id, CaseSearch.organisation_id, CaseSearch.text)
    with transaction(committing) as session:
        written = sorted(session.exec(select(*columns)).all())
        assert len(written) == national["application"] == national["case_search"]
        rebuild(session)
        assert sorted(session.exec(select(*columns)).all()) == written
        case = session.exec(select(Application).where(Application.state == "closed")).first()
        organisation_id = session.get(Pool, case.pool_id).organisation_id
        found = search_cases(session, organisation_id, case.applicant_email).cases
        assert case.reference in [c.reference for c in found]
