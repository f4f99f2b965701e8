"""A pool year built step by dated step through the services, and its ledger computed by hand.

The 2025 ledger (pool 100.000 kr., all amounts in kr.):

    case  received  decision        granted  paid (date)          ended
    A     03.02     bevilget 10.02  10.000   8.000 (01.04.2025)   afsluttet 01.05.2025
    B     20.11     bevilget 15.12  15.000  15.000 (10.01.2026)   afsluttet 20.01.2026
    C     01.03     bevilget 10.03   5.000   –                    bortfaldet 01.10.2025
    D     05.05     afslået 12.05        –   –
    E     01.06     bevilget 10.06   4.000   –                    trukket tilbage 01.07.2025
    F     20.12     under behandling 22.12

At 31.12.2025: 6 received, 4 grants, granted 34.000 = paid 8.000 + committed 15.000 (B) +
released 11.000 (A 2.000 closed, C 5.000 lapsed, E 4.000 withdrawn); available 77.000.
In January 2026 B is paid 15.000 and closed: paid 23.000, committed 0, available still 77.000.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from pulje.demo import DOMI_RULES
from pulje.models import Pool, clock_at
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.rulesets import create_pool
from pulje.services.submission import submit_application
from tests.factories import CASEWORKER, invoice_input
from workflows.clock import COPENHAGEN

KR = 100
D = date


def at(day: date):
    """Stamp the steps inside with noon of ``day`` in Copenhagen."""
    return clock_at(datetime.combine(day, time(12), tzinfo=COPENHAGEN)
                    .astimezone(UTC))


@pytest.fixture
def pool_2025(session, organisation) -> Pool:
    # The pool year with its rule set, as the administrator opens one (purposes included).
    return create_pool(session, organisation.id, 2025, replace(
        DOMI_RULES, title="Retningslinjer 2025", total=100_000 * KR, cap=20_000 * KR))


@pytest.fixture
def ledger(session, organisation, pool_2025, application_input):
    """Build cases A–F of the module docstring through the services, step by dated step."""

    def case(received: date, requested: int, start: date, **overrides):
        with at(received):
            return submit_application(
                session, organisation.id,
                application_input(requested=requested * KR, period_start=start,
                                  period_end=start + timedelta(days=1), **overrides),
                today=received)

    def review(application, day):
        with at(day):
            decisions.start_review(session, application, CASEWORKER)

    def grant(application, day, amount):
        review(application, day - timedelta(days=1))
        with at(day):
            decisions.approve(session, application, CASEWORKER, amount * KR, today=day,
                              reason="Puljen dækker ikke hele budgettet.")

    def pay(application, day, amount, number):
        with at(day):
            invoice = register_invoice(session, application, CASEWORKER, invoice_input(
                amount * KR, number=number, issue_date=day))
            accept_invoice(session, invoice, CASEWORKER)
            record_payment(session, invoice, CASEWORKER, paid_on=day,
                           idempotency_key=f"ledger-{number}")

    def close(application, day):
        with at(day):
            decisions.close(session, application, CASEWORKER)

    a = case(D(2025, 2, 3), 12_000, D(2025, 3, 1))
    grant(a, D(2025, 2, 10), 10_000)
    pay(a, D(2025, 4, 1), 8_000, "A-1")
    close(a, D(2025, 5, 1))

    b = case(D(2025, 11, 20), 15_000, D(2026, 1, 2), department_number="2")
    grant(b, D(2025, 12, 15), 15_000)
    pay(b, D(2026, 1, 10), 15_000, "B-1")
    close(b, D(2026, 1, 20))

    c = case(D(2025, 3, 1), 5_000, D(2025, 4, 1), short_notice=True)
    grant(c, D(2025, 3, 10), 5_000)
    with at(D(2025, 10, 1)):
        decisions.lapse(session, c, CASEWORKER, today=D(2025, 10, 1))

    d = case(D(2025, 5, 5), 3_000, D(2025, 8, 1), department_number="3")
    review(d, D(2025, 5, 6))
    with at(D(2025, 5, 12)):
        decisions.reject(session, d, CASEWORKER, "Uden for formålet.")

    e = case(D(2025, 6, 1), 4_000, D(2025, 9, 1))
    grant(e, D(2025, 6, 10), 4_000)
    with at(D(2025, 7, 1)):
        decisions.withdraw(session, e, Actor.resident("Karen Jensen"), "Aflyst.")

    f = case(D(2025, 12, 20), 2_000, D(2026, 3, 1))
    review(f, D(2025, 12, 22))
    session.flush()
    return pool_2025


