"""Many caseworkers at once — threads and separate processes, each with its own connection —
never over-commit a pool (R1), pay an invoice twice, or pay a case beyond its grant (R8)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from pulje.engine import transaction
from pulje.models import Application, AuditEntry, Invoice, Payment
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from tests.db import workers
from tests.db.conftest import add_pool, the_pool
from tests.factories import CASEWORKER, TODAY, invoice_input

GRANT = 10_000_00
FITS = 6
ATTEMPTS = 14


def cases_in_review(factory, org_id: int, count: int, requested: int = GRANT) -> list[int]:
    with transaction(factory) as session:
        ids = []
        for n in range(count):
            data = ApplicationInput(
                department_number="1", applicant_name=f"Beboer {n}", title="Fest",
                purpose="Fest for alle.", expected_participants=10,
                period_start=TODAY + timedelta(days=30), period_end=TODAY + timedelta(days=31),
                across_departments=True,
                budget=[BudgetLineInput(description="Telt", amount=requested)])
            application = submit_application(session, org_id, data, today=TODAY)
            decisions.start_review(session, application, CASEWORKER)
            ids.append(application.id)
        return ids


def approved_case(factory, org_id: int, granted: int) -> Application:
    [case_id] = cases_in_review(factory, org_id, 1, requested=granted)
    with transaction(factory) as session:
        application = session.get(Application, case_id)
        return decisions.approve(session, application, CASEWORKER, granted, today=TODAY)


def test_concurrent_approvals_commit_exactly_what_fits_the_pool(committing, database_url):
    org_id = add_pool(committing, total=FITS * GRANT)
    ids = cases_in_review(committing, org_id, ATTEMPTS)

    outcomes = workers.race(workers.approve, [(database_url, i, GRANT) for i in ids],
                            processes=ATTEMPTS // 2)

    assert outcomes.count("approved") == FITS, outcomes
    refusals = [o for o in outcomes if o != "approved"]
    assert len(refusals) == ATTEMPTS - FITS
    assert all(o == "R1: Puljen 2026 er brugt op; der kan ikke bevilges mere." for o in refusals)
    with transaction(committing) as session:
        figures = pool_figures(session, the_pool(session))
        assert figures.used == figures.total == FITS * GRANT
        states = session.exec(select(Application.state, func.count()).group_by(
            Application.state)).all()
        assert dict(states) == {"approved": FITS, "in_review": ATTEMPTS - FITS}
        approvals = session.exec(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "approve")).one()
        assert approvals == FITS


def test_concurrent_approvals_of_different_sizes_never_exceed_the_pool(committing,
                                                                        database_url):
    org_id = add_pool(committing, total=50_000_00)
    ids = cases_in_review(committing, org_id, 10, requested=20_000_00)
    amounts = [20_000_00, 7_500_00, 15_000_00, 3_000_00, 12_500_00] * 2

    outcomes = workers.race(workers.approve, [
        (database_url, i, amount) for i, amount in zip(ids, amounts, strict=True)], processes=4)

    assert set(outcomes) <= {"approved"} | {o for o in outcomes if o.startswith("R1: ")}
    granted = sum(a for a, o in zip(amounts, outcomes, strict=True) if o == "approved")
    with transaction(committing) as session:
        figures = pool_figures(session, the_pool(session))
        assert figures.used == figures.granted == granted <= figures.total
        # Whoever was refused was refused for want of room, not for a stale reading of it.
        for amount, outcome in zip(amounts, outcomes, strict=True):
            if outcome != "approved":
                assert amount > figures.available


def test_a_payment_retried_concurrently_with_one_key_is_recorded_once(committing, database_url):
    org_id = add_pool(committing, total=100_000_00)
    application = approved_case(committing, org_id, GRANT)
    with transaction(committing) as session:
        invoice = register_invoice(session, application, CASEWORKER, invoice_input(4_000_00))
        accept_invoice(session, invoice, CASEWORKER)
        invoice_id = invoice.id

    outcomes = workers.race(workers.pay, [(database_url, invoice_id, "bank-42")] * 8,
                            processes=4)

    assert sorted(outcomes) == ["created"] + ["repeated"] * 7
    with transaction(committing) as session:
        assert session.exec(select(func.count()).select_from(Payment)).one() == 1
        assert session.get(Invoice, invoice_id).state == "paid"
        pays = session.exec(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.action == "invoice_pay")).one()
        assert pays == 1


def test_one_key_used_on_two_cases_at_once_pays_only_the_first(committing, database_url):
    org_id = add_pool(committing, total=100_000_00)
    invoice_ids = []
    for _ in range(2):
        application = approved_case(committing, org_id, GRANT)
        with transaction(committing) as session:
            invoice = register_invoice(session, application, CASEWORKER, invoice_input(
                4_000_00, number=f"F-{application.reference}"))
            accept_invoice(session, invoice, CASEWORKER)
            invoice_ids.append(invoice.id)

    outcomes = workers.race(workers.pay, [(database_url, i, "bank-7") for i in invoice_ids] * 3,
                            processes=2)

    assert outcomes.count("created") == 1, outcomes
    assert all(o in ("created", "repeated",
                     "InputError: Nøglen er allerede brugt til en anden betaling.")
               for o in outcomes), outcomes
    with transaction(committing) as session:
        assert session.exec(select(func.count()).select_from(Payment)).one() == 1
        states = sorted(session.exec(select(Invoice.state)).all())
        assert states == ["accepted", "paid"]


def test_two_invoices_accepted_at_once_cannot_overpay_the_grant(committing, database_url):
    org_id = add_pool(committing, total=100_000_00)
    application = approved_case(committing, org_id, GRANT)
    with transaction(committing) as session:
        invoice_ids = [
            register_invoice(session, application, CASEWORKER,
                             invoice_input(6_000_00, number=f"F-{n}")).id for n in range(4)]

    outcomes = workers.race(workers.accept, [(database_url, i) for i in invoice_ids],
                            processes=2)

    assert outcomes.count("accepted") == 1, outcomes
    assert all(o == "accepted" or o.startswith("R8: ") for o in outcomes), outcomes
    outcomes = workers.race(workers.pay, [(database_url, i, f"key-{i}") for i in invoice_ids],
                            processes=2)
    assert outcomes.count("created") == 1, outcomes
    with transaction(committing) as session:
        money = case_money(session, session.get(Application, application.id))
        assert money.paid == 6_000_00 <= money.granted
        assert money.invoiced <= money.granted


def test_one_supplier_invoice_registered_on_two_cases_at_once_is_kept_once(committing,
                                                                           database_url):
    org_id = add_pool(committing, total=100_000_00)
    cases = [approved_case(committing, org_id, GRANT).id for _ in range(2)]

    outcomes = workers.race(workers.register, [(database_url, c, "F-77") for c in cases] * 2,
                            processes=2)

    assert outcomes.count("registered") == 1, outcomes
    assert all(o == "registered" or "er allerede registreret på sag" in o
               for o in outcomes), outcomes
    with transaction(committing) as session:
        assert session.exec(select(func.count()).select_from(Invoice)).one() == 1
