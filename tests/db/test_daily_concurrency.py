"""Two ``pulje daily`` runs at the same moment, in separate processes: every reminder and every
lapse happens once — the unique ReminderSent row and the case lock decide who does it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from pulje.engine import transaction
from pulje.models import Application, AuditEntry, OutboxMail, Pool, ReminderSent
from pulje.services import decisions
from pulje.services.daily import run_daily
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.db import workers
from tests.db.conftest import add_pool
from tests.factories import CASEWORKER, TODAY

RUNS = 4


def granted_case(factory, org_id: int, starts_in: int) -> int:
    with transaction(factory) as session:
        data = ApplicationInput(
            department_number="1", applicant_name="Karen Jensen",
            applicant_email="karen@beboer.example", title="Fest", purpose="Fest for alle.",
            expected_participants=10, period_start=TODAY + timedelta(days=starts_in),
            period_end=TODAY + timedelta(days=starts_in + 1), across_departments=True,
            budget=[BudgetLineInput(description="Telt", amount=5_000_00)])
        application = submit_application(session, org_id, data, today=TODAY)
        decisions.start_review(session, application, CASEWORKER)
        decisions.approve(session, application, CASEWORKER, 5_000_00, today=TODAY)
        return application.id


def daily(url: str, org_id: int, today) -> str:
    """One run of the daily job in its own engine (in a thread or a process of its own)."""
    return workers._outcome(url, lambda session: "; ".join(
        run_daily(session, org_id, today=today).lines()))


def test_two_daily_runs_at_once_send_and_lapse_each_case_once(committing, database_url):
    org_id = add_pool(committing, total=100_000_00)
    reminded = granted_case(committing, org_id, starts_in=30)
    overdue = granted_case(committing, org_id, starts_in=10)
    with transaction(committing) as session:
        pool = session.exec(select(Pool)).one()
        deadline = decisions.invoice_deadline(pool, session.get(Application, reminded))
    run_day = deadline - timedelta(days=3)

    outcomes = workers.race(daily, [(database_url, org_id, run_day)] * RUNS, processes=2)

    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert sum("Påmindelse sendt" in o for o in outcomes) == 1, outcomes
    assert sum("Bortfaldet" in o for o in outcomes) == 1, outcomes
    with transaction(committing) as session:
        def count(model, *where):
            return session.exec(select(func.count()).select_from(model).where(*where)).one()

        assert count(ReminderSent) == 1
        assert count(OutboxMail, OutboxMail.kind == "reminder",
                     OutboxMail.application_id == reminded) == 1
        assert count(OutboxMail, OutboxMail.kind == "lapsed",
                     OutboxMail.application_id == overdue) == 1
        assert count(AuditEntry, AuditEntry.action == "lapse") == 1
        assert session.get(Application, overdue).state == "lapsed"
