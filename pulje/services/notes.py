"""Internal notes on a case: the caseworkers' own, never shown to the resident."""

from __future__ import annotations

from sqlmodel import Session, select

from pulje.models import Application, CaseNote
from pulje.services.actors import Actor
from pulje.services.errors import InputError

MAX_NOTE = 5000


def add_note(session: Session, application: Application, actor: Actor, text: str) -> CaseNote:
    """Keep a note on the case for the organisation's staff."""
    body = (text or "").strip()
    if not body:
        raise InputError("Skriv noten.")
    if len(body) > MAX_NOTE:
        raise InputError(f"En note kan højst være {MAX_NOTE:,} tegn.".replace(",", "."))
    note = CaseNote(application_id=application.id, author_name=actor.name, body=body)
    session.add(note)
    session.flush()
    return note


def notes_of(session: Session, application_id: int) -> list[CaseNote]:
    """The case's internal notes, oldest first."""
    return list(session.exec(select(CaseNote).where(CaseNote.application_id == application_id)
                             .order_by(CaseNote.created_at, CaseNote.id)).all())
