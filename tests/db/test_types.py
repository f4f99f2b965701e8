"""The column types behave alike on both engines: aware UTC instants, big amounts, checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import select

from pulje.models import Application, Message, Pool

COPENHAGEN_SUMMER = timezone(timedelta(hours=2))


def test_instants_come_back_aware_and_in_utc(session, make_case):
    case = make_case()
    sent = datetime(2026, 7, 1, 14, 30, 15, 123456, tzinfo=COPENHAGEN_SUMMER)
    session.add(Message(application_id=case.id, sender_role="caseworker", sender_name="Mette",
                        body="Hej", sent_at=sent))
    session.flush()
    session.expire_all()
    read = session.exec(select(Message.sent_at).where(Message.application_id == case.id)).one()
    assert read == sent
    assert read.tzinfo is not None and read.utcoffset() == timedelta(0)
    assert read.hour == 12  # stored as the UTC instant, not the wall clock it was given in


def test_instants_are_stored_as_utc_whatever_the_sessions_time_zone(session, make_case):
    case = make_case()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
    session.expire_all()
    submitted = session.exec(select(Application.submitted_at)
                             .where(Application.id == case.id)).one()
    assert submitted.tzinfo == UTC
    assert abs(submitted - case.submitted_at) < timedelta(microseconds=1)


def test_a_naive_instant_is_refused(session, make_case):
    case = make_case()
    session.add(Message(application_id=case.id, sender_role="caseworker", sender_name="Mette",
                        body="Hej", sent_at=datetime(2026, 7, 1, 14, 30)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()
    session.rollback()


def test_amounts_beyond_32_bits_round_trip(session, pool):
    pool.total = 50_000_000_000_00  # 50 billion kroner in øre
    session.flush()
    session.expire_all()
    assert session.get(Pool, pool.id).total == 50_000_000_000_00


# A case in a state where only the named check is broken (a grant on a submitted case breaks
# application_granted_only_when_approved too).
@pytest.mark.parametrize("state, change, constraint", [
    ("approved", {"granted": 0}, "application_granted_within_requested"),
    ("submitted", {"state": "lost"}, "application_state_known"),
    ("submitted", {"expected_participants": 0}, "application_participants_positive"),
])
def test_the_checks_hold_on_both_engines(session, make_case, state, change, constraint):
    case = make_case(state)
    nested = session.begin_nested()
    with pytest.raises(IntegrityError, match=constraint):
        session.execute(Application.__table__.update().where(Application.id == case.id)
                        .values(**change))
    nested.rollback()
