"""The dashboard's kept year report and open-data check: reused while the audit trail stands
still, rebuilt when a case moves or the pool changes, and revalidated — not rebuilt — when it is
old: rebuilt then only if something the audit trail does not record has changed."""

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import func
from sqlmodel import select

from pulje.models import Application, Department, Invoice, Organisation, Payment, clock_at
from pulje.services import audit, decisions, report_cache
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.report_cache import board_overview
from pulje.services.year_report import build_year_report
from tests.factories import CASEWORKER, TODAY, invoice_input

NOON = datetime.combine(TODAY, time(12), tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def builds(monkeypatch):
    """The pools a report was built for, in order: every build, counted where it happens."""
    built = []
    build = report_cache.build_overview

    def counting(session, pool, today):
        built.append(pool.id)
        return build(session, pool, today)

    monkeypatch.setattr(report_cache, "build_overview", counting)
    return built


def test_the_report_is_kept_until_a_case_moves(session, pool, make_case):
    clock = Clock()
    with clock_at(NOON):
        make_case("approved", requested=10_000_00, paid=4_000_00)
        waiting = make_case("in_review", requested=6_000_00)
        first = board_overview(session, pool, TODAY, clock=clock).report
        assert board_overview(session, pool, TODAY, clock=clock).report is first
        decisions.approve(session, waiting, CASEWORKER, 5_000_00, today=TODAY,
                          reason="Budgettet er skåret ned.")
        session.flush()
        after = board_overview(session, pool, TODAY, clock=clock).report
    assert after is not first
    assert after.this.money["granted"] == first.this.money["granted"] + 5_000_00
    assert after.this.money == build_year_report(session, pool, TODAY).this.money


def test_activity_outside_the_pool_keeps_the_report(session, pool, make_case):
    clock = Clock()
    with clock_at(NOON):
        make_case("approved", requested=10_000_00)
    first = board_overview(session, pool, TODAY, clock=clock)
    audit.record(session, CASEWORKER, "login")  # an entry on no case of this pool
    session.flush()
    assert board_overview(session, pool, TODAY, clock=clock) is first


def test_a_changed_pool_or_day_is_a_new_report(session, pool, make_case):
    clock = Clock()
    with clock_at(NOON):
        make_case("approved", requested=10_000_00)
    first = board_overview(session, pool, TODAY, clock=clock).report
    pool.total += 1_000_00
    session.add(pool)
    session.flush()
    bigger = board_overview(session, pool, TODAY, clock=clock).report
    assert bigger is not first
    assert bigger.this.money["total"] == first.this.money["total"] + 1_000_00
    assert board_overview(session, pool, TODAY.replace(day=2), clock=clock).report is not bigger


def test_an_old_report_is_revalidated_not_rebuilt(session, pool, make_case, builds):
    clock = Clock()
    with clock_at(NOON):
        make_case("approved", requested=10_000_00)
    first = board_overview(session, pool, TODAY, clock=clock).report
    for _ in range(5):
        clock.now += report_cache.MAX_AGE / 2
        assert board_overview(session, pool, TODAY, clock=clock).report is first
        clock.now += report_cache.MAX_AGE * 3
        assert board_overview(session, pool, TODAY, clock=clock).report is first
    assert builds == [pool.id]


def test_a_payment_shows_on_the_next_view(session, pool, make_case, builds):
    clock = Clock()
    with clock_at(NOON):
        case = make_case("approved", requested=10_000_00)
        first = board_overview(session, pool, TODAY, clock=clock).report
        invoice = register_invoice(session, case, CASEWORKER, invoice_input(3_000_00))
        accept_invoice(session, invoice, CASEWORKER)
        record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="k-1")
        session.flush()
        after = board_overview(session, pool, TODAY, clock=clock).report
        assert board_overview(session, pool, TODAY, clock=clock).report is after
    assert after.this.money["paid"] == first.this.money["paid"] + 3_000_00
    assert after.appendix[0].paid == 3_000_00
    assert builds == [pool.id, pool.id]


def test_what_the_audit_trail_misses_shows_once_the_report_is_old(session, pool, make_case,
                                                                   builds):
    clock = Clock()
    with clock_at(NOON):
        case = make_case("approved", requested=10_000_00)
    first = board_overview(session, pool, TODAY, clock=clock).report
    department = session.get_one(Department, case.department_id)
    department.name = "Nyt Navn"
    organisation = session.get_one(Organisation, pool.organisation_id)
    organisation.address = "Ny Vej 1, 8000 Aarhus C"
    session.flush()
    # Written without an audit entry: the kept report stands until it is old ...
    clock.now += report_cache.MAX_AGE / 2
    assert board_overview(session, pool, TODAY, clock=clock).report is first
    # ... and is then checked against the database, found changed and built again.
    clock.now += report_cache.MAX_AGE
    renamed = board_overview(session, pool, TODAY, clock=clock).report
    assert renamed is not first
    assert renamed.appendix[0].department.endswith("Nyt Navn")
    assert renamed.organisation.address == "Ny Vej 1, 8000 Aarhus C"
    clock.now += report_cache.MAX_AGE * 2
    assert board_overview(session, pool, TODAY, clock=clock).report is renamed
    assert builds == [pool.id, pool.id]


def test_the_kept_figures_equal_an_independent_sum(session, pool, make_case):
    with clock_at(NOON):
        make_case("approved", requested=10_000_00, paid=4_000_00)
        make_case("closed", requested=8_000_00, paid=5_000_00)
        make_case("rejected", requested=3_000_00)
        make_case("submitted", requested=2_000_00)
    board_overview(session, pool, TODAY)  # the kept one is read below
    money = board_overview(session, pool, TODAY).report.this.money
    granted = session.exec(select(func.sum(Application.granted))
                           .where(Application.pool_id == pool.id,
                                  Application.granted.is_not(None))).one()
    paid = session.exec(select(func.sum(Payment.amount))
                        .join(Invoice, Invoice.id == Payment.invoice_id)
                        .join(Application, Application.id == Invoice.application_id)
                        .where(Application.pool_id == pool.id)).one()
    assert (money["granted"], money["paid"]) == (granted, paid) == (18_000_00, 9_000_00)
    assert money["available"] == pool.total - paid - (10_000_00 - 4_000_00)
