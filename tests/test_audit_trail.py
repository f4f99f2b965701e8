"""The audit trail is append-only: the ORM refuses changes, and so does the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from pulje.models import AuditEntry
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.audit_guard import AuditTrailImmutable
from pulje.services.retention import ANONYMOUS_NAME, REDACTED
from workflows.application import STATES
from workflows.invoice import STATES as INVOICE_STATES

REFUSED = "Revisionssporet kan ikke ændres eller slettes"


def entries(session, application) -> list[AuditEntry]:
    return session.exec(select(AuditEntry).where(AuditEntry.application_id == application.id)
                        .order_by(AuditEntry.id)).all()


def raw(session, statement: str, **values) -> None:
    """Run SQL straight on the connection, past the ORM and its guard."""
    session.connection().execute(text(statement), values)


def refused_by_database(session, statement: str, **values) -> None:
    nested = session.begin_nested()
    with pytest.raises(IntegrityError, match=REFUSED):
        raw(session, statement, **values)
    nested.rollback()


def test_every_step_records_who_when_what_and_the_states(session, make_case):
    application = make_case("closed", granted=10_000_00, paid=8_000_00)
    trail = entries(session, application)
    assert [e.action for e in trail] == [
        "submit", "start_review", "approve", "register_invoice", "invoice_accept",
        "invoice_pay", "close"]
    for entry in trail:
        assert entry.at.tzinfo is not None
        assert entry.actor_role and entry.actor_name
        assert entry.to_state in STATES + INVOICE_STATES
    assert [(e.from_state, e.to_state) for e in trail if e.invoice_id is None] == [
        (None, "submitted"), ("submitted", "in_review"), ("in_review", "approved"),
        ("approved", "closed")]
    assert trail[0].actor_role == "resident" and trail[0].actor_name == "Karen Jensen"
    assert {e.actor_name for e in trail[1:]} == {"Mette Hansen"}


def test_the_orm_refuses_to_change_an_entry(session, make_case):
    entry = entries(session, make_case("in_review"))[-1]
    entry.note = "Skrevet om bagefter"
    with pytest.raises(AuditTrailImmutable, match=REFUSED):
        session.flush()
    session.rollback()


def test_the_orm_refuses_to_delete_an_entry(session, make_case):
    entry = entries(session, make_case("in_review"))[-1]
    session.delete(entry)
    with pytest.raises(AuditTrailImmutable, match=REFUSED):
        session.flush()
    session.rollback()


def test_the_orm_refuses_bulk_updates_and_deletes(session, make_case):
    application = make_case("in_review")
    for statement in (update(AuditEntry).values(note="x"),
                      update(AuditEntry.__table__).values(note="x"),
                      delete(AuditEntry).where(AuditEntry.application_id == application.id)):
        with pytest.raises(AuditTrailImmutable):
            session.exec(statement)
    assert len(entries(session, application)) == 2


def test_assigning_an_unchanged_value_is_not_a_change(session, make_case):
    entry = entries(session, make_case("in_review"))[-1]
    entry.note = entry.note
    session.flush()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET note = 'Skrevet om' WHERE id = :id",
    "UPDATE audit_entry SET actor_name = 'En anden' WHERE id = :id",
    "UPDATE audit_entry SET to_state = 'approved' WHERE id = :id",
    "UPDATE audit_entry SET at = {a day earlier} WHERE id = :id",
    "DELETE FROM audit_entry WHERE id = :id",
    "DELETE FROM audit_entry",
])
def test_the_database_refuses_to_change_or_delete_an_entry(session, make_case, statement):
    application = make_case("rejected")
    before = [e.model_dump() for e in entries(session, application)]
    earlier = "at - interval '1 day'" if session.bind.dialect.name == "postgresql" \
        else "datetime(at, '-1 day')"
    refused_by_database(session, statement.replace("{a day earlier}", earlier),
                        id=before[-1]["id"])
    session.expire_all()
    assert [e.model_dump() for e in entries(session, application)] == before


def test_the_database_refuses_truncate_on_postgresql(session, make_case):
    if session.bind.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    make_case("in_review")
    refused_by_database(session, "TRUNCATE audit_entry CASCADE")


def test_the_database_lets_only_the_retention_redaction_through(session, make_case):
    application = make_case("awaiting_info")
    decisions.answer(session, application, Actor.resident("Karen Jensen"), "Vi bliver 80.")
    session.flush()
    _, review, question, answer = entries(session, application)
    # A caseworker's name is never anonymised, nor a note outside the free-text steps.
    refused_by_database(session, "UPDATE audit_entry SET actor_name = :name WHERE id = :id",
                        name=ANONYMOUS_NAME, id=review.id)
    refused_by_database(session, "UPDATE audit_entry SET note = :note WHERE id = :id",
                        note=REDACTED, id=review.id)
    # Redaction together with any other change is refused as a whole.
    refused_by_database(
        session, "UPDATE audit_entry SET actor_name = :name, action = 'approve' WHERE id = :id",
        name=ANONYMOUS_NAME, id=answer.id)
    raw(session, "UPDATE audit_entry SET actor_name = :name, note = :note WHERE id = :id",
        name=ANONYMOUS_NAME, note=REDACTED, id=answer.id)
    raw(session, "UPDATE audit_entry SET note = :note WHERE id = :id", note=REDACTED,
        id=question.id)
    session.expire_all()
    assert (answer.actor_role, answer.actor_name, answer.note, answer.action) == (
        "resident", ANONYMOUS_NAME, REDACTED, "answer")
    assert (question.actor_name, question.note) == ("Mette Hansen", REDACTED)
