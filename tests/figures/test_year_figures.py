"""A pool year's figures as of a day, from the audit trail, against the hand-computed ledger
of tests/figures/conftest.py."""

from __future__ import annotations

from datetime import date, timedelta

from pulje.services.accounting import pool_figures
from pulje.services.year_figures import money_figures, movement, reporting_day, year_figures

KR = 100
D = date


def kr(figures) -> dict[str, int]:
    return {key: value // KR for key, value in money_figures(figures).items()}


def test_the_year_end_figures_equal_the_hand_computed_ledger(session, ledger):
    figures = year_figures(session, ledger, D(2025, 12, 31))
    assert kr(figures) == {"total": 100_000, "granted": 34_000, "paid": 8_000,
                           "committed": 15_000, "released": 11_000, "available": 77_000}
    assert (figures.released_closed, figures.released_lapsed, figures.released_withdrawn) == (
        2_000 * KR, 5_000 * KR, 4_000 * KR)
    assert (figures.received, figures.grants) == (6, 4)
    assert figures.requested == (12_000 + 15_000 + 5_000 + 3_000 + 4_000 + 2_000) * KR
    assert figures.requested_by_grants == (12_000 + 15_000 + 5_000 + 4_000) * KR
    assert dict(figures.by_state) == {"submitted": 0, "in_review": 1, "awaiting_info": 0,
                                      "approved": 1, "rejected": 1, "withdrawn": 1,
                                      "closed": 1, "lapsed": 1}
    assert figures.final


def test_a_december_grant_paid_in_january_is_committed_at_year_end(session, ledger):
    end = year_figures(session, ledger, D(2025, 12, 31))
    january = year_figures(session, ledger, D(2026, 1, 31))
    assert kr(january) == {"total": 100_000, "granted": 34_000, "paid": 23_000,
                           "committed": 0, "released": 11_000, "available": 77_000}
    since = movement(end, january)
    assert {key: value // KR for key, value in since.items()} == {
        "total": 0, "granted": 0, "paid": 15_000, "committed": -15_000, "released": 0,
        "available": 0}
    # Between the payment and the closing the grant is paid in full and still open.
    between = year_figures(session, ledger, D(2026, 1, 15))
    assert (between.count("approved"), between.committed, between.paid) == (1, 0, 23_000 * KR)


def test_early_in_the_year_only_what_had_happened_counts(session, ledger):
    early = year_figures(session, ledger, D(2025, 2, 5))
    assert (early.received, early.grants, early.granted, early.paid) == (1, 0, 0, 0)
    assert dict(early.by_state)["submitted"] == 1  # reviewed only on 09.02
    assert not early.final
    before = year_figures(session, ledger, D(2025, 1, 1))
    assert before.received == 0 and before.available == 100_000 * KR


def test_today_the_figures_equal_the_live_pool_accounting(session, ledger):
    # Every stamp in the ledger lies in the past, so "as of today" is the pool's state now.
    now = year_figures(session, ledger, D.today())
    live = pool_figures(session, ledger)
    assert (now.granted, now.paid, now.committed, now.released, now.available) == (
        live.granted, live.paid, live.committed, live.released, live.available)


def test_a_year_is_reported_as_of_its_last_day_once_it_is_over():
    assert reporting_day(2025, D(2026, 11, 30)) == D(2025, 12, 31)
    assert reporting_day(2026, D(2026, 11, 30)) == D(2026, 11, 30)


def test_the_pool_picture_adds_up_at_every_day(session, ledger):
    day = D(2025, 1, 1)
    while day <= D(2026, 2, 1):
        f = year_figures(session, ledger, day)
        assert f.paid + f.committed + f.available == f.total, day
        assert f.paid + f.committed + f.released == f.granted, day
        day += timedelta(days=7)
