"""``pulje daily``: reminders before the invoice deadline and lapses, each sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from pulje.models import OutboxMail, ReminderSent
from pulje.services import decisions
from pulje.services.daily import parse_reminder_days, run_daily
from pulje.services.invoices import register_invoice
from tests.factories import CASEWORKER, invoice_input


def kinds(session, case) -> list[str]:
    return list(session.exec(select(OutboxMail.kind).where(
        OutboxMail.application_id == case.id, OutboxMail.kind.in_(("reminder", "lapsed")))
        .order_by(OutboxMail.id)).all())


@pytest.fixture
def granted(session, make_case, pool):
    case = make_case("approved", requested=5_000_00)
    return case, decisions.invoice_deadline(pool, case)


def test_nothing_before_the_first_reminder_day(session, pool, granted):
    case, deadline = granted
    report = run_daily(session, pool.organisation_id, today=deadline - timedelta(days=15))
    assert report.lines() == ["Intet at gøre i dag."] and kinds(session, case) == []


def test_reminders_at_14_and_3_days_each_once(session, pool, granted):
    case, deadline = granted
    for days_before in (14, 13, 10, 4, 3, 2, 0):
        run_daily(session, pool.organisation_id, today=deadline - timedelta(days=days_before))
    assert kinds(session, case) == ["reminder", "reminder"]
    bodies = session.exec(select(OutboxMail.body).where(OutboxMail.kind == "reminder")
                          .order_by(OutboxMail.id)).all()
    assert "om 14 dage" in bodies[0] and "om 3 dage" in bodies[1]
    assert f"{deadline:%d.%m.%Y}" in bodies[0] and f"/sag/{case.public_token}" in bodies[0]
    assert sorted(session.exec(select(ReminderSent.kind)).all()) == ["reminder_14d",
                                                                     "reminder_3d"]


def test_a_late_first_run_sends_only_the_most_urgent_reminder(session, pool, granted):
    case, deadline = granted
    report = run_daily(session, pool.organisation_id, today=deadline - timedelta(days=2))
    assert report.lines() == [f"Påmindelse sendt: {case.reference} – fakturafrist om 2 dage – "
                              "til karen@beboer.example"]
    run_daily(session, pool.organisation_id, today=deadline - timedelta(days=1))
    assert kinds(session, case) == ["reminder"]


def test_the_reminder_days_are_configurable(session, pool, granted):
    case, deadline = granted
    run_daily(session, pool.organisation_id, today=deadline - timedelta(days=14),
              reminder_days=(7,))
    assert kinds(session, case) == []
    run_daily(session, pool.organisation_id, today=deadline - timedelta(days=7),
              reminder_days=(7,))
    assert kinds(session, case) == ["reminder"]


def test_a_case_with_an_invoice_gets_no_reminder_and_does_not_lapse(session, pool, granted):
    case, deadline = granted
    register_invoice(session, case, CASEWORKER, invoice_input(1_000_00))
    run_daily(session, pool.organisation_id, today=deadline - timedelta(days=3))
    report = run_daily(session, pool.organisation_id, today=deadline + timedelta(days=1))
    assert report.lapsed == [] and case.state == "approved" and kinds(session, case) == []


def test_overdue_grants_lapse_with_a_mail_and_a_second_run_does_nothing(session, pool, granted):
    case, deadline = granted
    report = run_daily(session, pool.organisation_id, today=deadline + timedelta(days=1))
    assert report.lines() == [f"Bortfaldet: {case.reference} – ingen faktura inden fristen"]
    assert case.state == "lapsed" and kinds(session, case) == ["lapsed"]
    again = run_daily(session, pool.organisation_id, today=deadline + timedelta(days=1))
    assert again.lines() == ["Intet at gøre i dag."] and kinds(session, case) == ["lapsed"]


@pytest.mark.parametrize("text, days", [("14,3", (14, 3)), (" 3, 14 ,", (14, 3)), ("7", (7,))])
def test_reminder_days_are_read(text, days):
    assert parse_reminder_days(text) == days


@pytest.mark.parametrize("text", ["", "0", "to uger", "14,-1"])
def test_bad_reminder_days_are_refused(text):
    with pytest.raises(ValueError, match="Påmindelsesdage"):
        parse_reminder_days(text)


def test_pulje_daily_prints_what_it_did_and_is_idempotent(cli):
    cli("demo", "--today", "2026-11-29")
    first = cli("daily", "--today", "2026-11-29")
    assert "Bortfaldet: 2026-0004" in first and "Bortfaldet: 2026-0002" in first
    assert cli("daily", "--today", "2026-11-29") == "Intet at gøre i dag.\n"
    out = cli("daily", "--reminder-days", "uger", ok=False)
    assert "Påmindelsesdage skal være hele dage" in out
