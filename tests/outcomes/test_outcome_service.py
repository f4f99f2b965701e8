"""The short report: who may give it, what it refuses (changing nothing), and the request mails
that go out once each."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import func, select

from pulje.models import (
    Department,
    OutboxMail,
    OutcomeDepartment,
    OutcomePhoto,
    OutcomeReport,
    ReminderSent,
    clock_at,
)
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.outcome_requests import send_outcome_requests
from tests.factories import TODAY
from tests.outcomes.photos import jpeg_with_location, png

RESIDENT = Actor.resident("Karen Jensen")


def count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def departments(session, organisation) -> list[int]:
    return list(session.exec(select(Department.id).where(
        Department.organisation_id == organisation.id).order_by(Department.number)).all())



def test_a_report_with_departments_and_photos_is_kept(session, organisation, make_case,
                                                      tmp_path):
    application = make_case("closed", paid=10_000_00)
    ids = departments(session, organisation)
    report = outcomes.save_report(
        session, application, RESIDENT,
        outcomes.OutcomeInput(participants=95, department_ids=ids[:2], story="Det gik godt.",
                              again=True, photo_consent=True),
        photos=[jpeg_with_location(), png()], folder=tmp_path, today=TODAY)
    assert report.participants == 95 and report.again is True and report.photo_consent
    assert [d.id for d in outcomes.reached_departments(session, report)] == ids[:2]
    photos = outcomes.photos_of(session, report)
    assert len(photos) == 2 and all((tmp_path / p.file_path).exists() for p in photos)


def test_correcting_replaces_the_ticks_and_adds_photos_up_to_three(session, organisation,
                                                                   make_case, tmp_path):
    application = make_case("closed", paid=10_000_00)
    ids = departments(session, organisation)
    first = outcomes.OutcomeInput(participants=10, department_ids=ids[:2])
    outcomes.save_report(session, application, RESIDENT, first, photos=[png(), png()],
                         folder=tmp_path, today=TODAY)
    second = outcomes.OutcomeInput(participants=12, department_ids=ids[1:])
    report = outcomes.save_report(session, application, RESIDENT, second, photos=[png()],
                                  folder=tmp_path, today=TODAY)
    assert report.participants == 12
    assert [d.id for d in outcomes.reached_departments(session, report)] == ids[1:]
    assert count(session, OutcomeReport) == 1 and count(session, OutcomePhoto) == 3
    with pytest.raises(outcomes.InputError, match="højst være 3 billeder"):
        outcomes.save_report(session, application, RESIDENT, second, photos=[png()],
                             folder=tmp_path, today=TODAY)


@pytest.mark.parametrize("state", ["submitted", "in_review", "rejected", "withdrawn",
                                   "approved"])
def test_no_report_before_the_activity_is_over_or_on_a_case_without_a_grant(
        session, make_case, state, tmp_path, refused):
    application = make_case(state)
    # An approved case whose period has not ended yet is not reported on either.
    refused(lambda: outcomes.save_report(session, application, RESIDENT,
                                         outcomes.OutcomeInput(participants=5),
                                         folder=tmp_path, today=TODAY),
            message="når aktiviteten er afholdt")
    assert count(session, OutcomeReport) == 0


def test_an_approved_case_may_report_from_the_last_day_of_its_period(make_case):
    application = make_case("approved")
    assert not outcomes.may_report(application, application.period_end - timedelta(days=1))
    assert outcomes.may_report(application, application.period_end)


@pytest.mark.parametrize("values, message", [
    ({"participants": -1}, "fra 0 til 100.000"),
    ({"participants": 100_001}, "fra 0 til 100.000"),
    ({"participants": 5, "story": "x" * 2001}, "2.000 tegn"),
    ({"participants": 5, "department_ids": [999_999]}, "afdelinger fra listen"),
])
def test_bad_input_is_refused_and_leaves_nothing(session, make_case, tmp_path, refused,
                                                 values, message):
    application = make_case("closed", paid=1_000_00)
    refused(lambda: outcomes.save_report(session, application, RESIDENT,
                                         outcomes.OutcomeInput(**values), photos=[png()],
                                         folder=tmp_path, today=TODAY), message=message)
    assert count(session, OutcomeReport) == 0 and not list(tmp_path.iterdir())


def test_a_bad_photo_among_good_ones_stores_no_file(session, make_case, tmp_path, refused):
    application = make_case("closed", paid=1_000_00)
    refused(lambda: outcomes.save_report(session, application, RESIDENT,
                                         outcomes.OutcomeInput(participants=5),
                                         photos=[png(), b"%PDF-1.4"], folder=tmp_path,
                                         today=TODAY), message="JPEG- eller PNG")
    assert not list(tmp_path.iterdir())
    assert count(session, OutcomeDepartment) == 0


def test_consent_can_be_withdrawn_once(session, make_case, tmp_path, refused):
    application = make_case("closed", paid=1_000_00)
    outcomes.save_report(session, application, RESIDENT,
                         outcomes.OutcomeInput(participants=5, photo_consent=True),
                         folder=tmp_path, today=TODAY)
    outcomes.withdraw_consent(session, application, RESIDENT)
    assert outcomes.report_of(session, application).photo_consent is False
    refused(lambda: outcomes.withdraw_consent(session, application, RESIDENT),
            message="ikke givet samtykke")


def mails(session, kind: str) -> list[OutboxMail]:
    return list(session.exec(select(OutboxMail).where(OutboxMail.kind == kind)).all())


def run(session, organisation, day):
    return send_outcome_requests(session, organisation.id, today=day)


def test_the_request_goes_once_when_the_period_ends_and_the_reminder_once_14_days_later(
        session, organisation, make_case):
    application = make_case("approved")
    end = application.period_end
    assert run(session, organisation, end - timedelta(days=1)) == ([], [])
    assert run(session, organisation, end) == ([application.reference], [])
    (mail,) = mails(session, "outcome_request")
    assert mail.to == "karen@beboer.example"
    assert re.search(rf"^https?://\S+/sag/{application.public_token}/afrapportering$",
                     mail.body, re.M), mail.body
    assert run(session, organisation, end) == ([], [])
    # Day 13: no reminder yet; day 14: one; day 15 and later: none again.
    assert run(session, organisation, end + timedelta(days=13)) == ([], [])
    assert run(session, organisation, end + timedelta(days=14)) == ([], [application.reference])
    for later in (14, 15, 40):
        assert run(session, organisation, end + timedelta(days=later)) == ([], [])
    assert len(mails(session, "outcome_request")) == 1
    assert len(mails(session, "outcome_reminder")) == 1
    assert session.exec(select(func.count()).select_from(ReminderSent).where(
        ReminderSent.kind.like("outcome_%"))).one() == 2


def test_a_closed_case_is_asked_at_once_and_a_given_report_stops_the_reminder(
        session, organisation, make_case, tmp_path):
    with clock_at(datetime.combine(TODAY, time(12), UTC)):
        application = make_case("closed", paid=1_000_00)
    # Closed on TODAY, long before the period's end: the request goes now.
    assert application.period_end > TODAY
    assert run(session, organisation, TODAY) == ([application.reference], [])
    outcomes.save_report(session, application, RESIDENT, outcomes.OutcomeInput(participants=3),
                         folder=tmp_path, today=TODAY)
    assert run(session, organisation, TODAY + timedelta(days=20)) == ([], [])
    assert mails(session, "outcome_reminder") == []


def test_cases_without_a_grant_or_an_address_or_long_over_are_not_asked(
        session, organisation, make_case):
    make_case("rejected")
    make_case("withdrawn")
    make_case("closed", paid=1_000_00, applicant_email="")
    old = make_case("approved")
    assert run(session, organisation, old.period_end + timedelta(days=61)) == ([], [])


def test_the_daily_job_asks_for_the_report_once_and_reminds_once(cli, tmp_path):
    cli("db", "upgrade")
    cli("demo", "--today", "2026-06-01")
    first = cli("daily", "--today", "2026-06-01")
    # Last year's cases ended long ago and are not asked out of the blue; this spring's are.
    asked = [line for line in first.splitlines() if line.startswith("Bedt om afrapportering")]
    assert asked, first
    again = cli("daily", "--today", "2026-06-01")
    assert "Bedt om afrapportering" not in again
    with sqlite3.connect(tmp_path / "cli.sqlite") as db:
        bodies = [row[0] for row in db.execute(
            "SELECT body FROM outbox_mail WHERE kind = 'outcome_request'")]
    assert len(bodies) == len(asked)
    assert all(re.search(r"^https?://\S+/sag/[\w-]{20,}/afrapportering$", body, re.M)
               for body in bodies), bodies

    # Fourteen days later the same cases, still without a report, are reminded: once.
    def reminded(out: str) -> list[str]:
        return sorted(line.split(": ")[1] for line in out.splitlines()
                      if line.startswith("Påmindet om afrapportering"))

    assert reminded(cli("daily", "--today", "2026-06-14")) == []
    assert reminded(cli("daily", "--today", "2026-06-15")) == sorted(
        line.split(": ")[1] for line in asked)
    assert reminded(cli("daily", "--today", "2026-06-15")) == []
    assert reminded(cli("daily", "--today", "2026-07-15")) == []
    with sqlite3.connect(tmp_path / "cli.sqlite") as db:
        kinds = dict(db.execute("SELECT kind, count(*) FROM outbox_mail "
                                "WHERE kind LIKE 'outcome_%' GROUP BY kind").fetchall())
    assert kinds["outcome_reminder"] == len(asked)


def test_homes_are_set_from_the_shell_and_bad_numbers_refused(cli, tmp_path):
    cli("db", "upgrade")
    cli("demo")
    assert "Afdeling 1 Søvangen: 250 boliger." in cli("department", "homes", "1", "250")
    assert "1 til 100.000" in cli("department", "homes", "1", "0", ok=False)
    assert "Afdeling 1 Søvangen: ukendt antal boliger." in cli("department", "homes", "1")
    with sqlite3.connect(tmp_path / "cli.sqlite") as db:
        assert db.execute("SELECT homes FROM department WHERE number = '1'").fetchone() == (None,)
