"""What is kept beside a case: internal notes, reminders already sent, the resident's files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class CaseNote(SQLModel, table=True):
    """A caseworker's internal note on a case: for staff only, never shown to the resident."""

    __tablename__ = "case_note"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    author_name: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReminderSent(SQLModel, table=True):
    """A reminder (or lapse notice) sent for a case; unique per case and kind, so that two runs
    of the daily job, even at the same moment, send each one once."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("application_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=40)
    sent_on: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ResidentAttachment(SQLModel, table=True):
    """A file the resident sent with the case (a quote, a photo): PDF, JPEG or PNG, checked by
    its content and kept under a random name outside the static folder."""

    __tablename__ = "resident_attachment"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    file_path: str = Field(max_length=100)
    file_name: str = Field(max_length=200)
    mimetype: str = Field(max_length=40)
    size: int
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DuplicateJudgement(SQLModel, table=True):
    """A caseworker's word on two cases that look alike: the same project or not. The pair is
    stored lowest id first, once; for the same project the cap (R2) applies to both together."""

    __tablename__ = "duplicate_judgement"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    id: int | None = Field(default=None, primary_key=True)
    first_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    second_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    same_project: bool
    decided_by: str = Field(max_length=200)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApplicantKey(SQLModel, table=True):
    """Who applied for a case as the duplicate check compares them: name and e-mail folded
    (case and spaces), per organisation. An anonymised case has none: nobody in particular.

    Kept with ``duplicate_pair`` by ``services.duplicates``; its indexes find a new case's
    candidates among hundreds of thousands without reading the organisation's cases.
    """

    __tablename__ = "applicant_key"
    __table_args__ = (Index("ix_applicant_key_name", "organisation_id", "name_key"),
                      Index("ix_applicant_key_email", "organisation_id", "email_key"))

    application_id: int = Field(primary_key=True, foreign_key="application.id",
                                ondelete="CASCADE", sa_column_kwargs={"autoincrement": False})
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    name_key: str = Field(max_length=400)
    email_key: str | None = Field(default=None, max_length=400)


class DuplicatePair(SQLModel, table=True):
    """Two cases that look alike (``services.duplicates.looks_alike``), lowest id first.

    Kept by the services that change what the check reads (submission, anonymisation) and
    filled for the cases already there by migration i19a, so that the queue marks its page's
    rows with one indexed query instead of comparing each with thousands of candidates.
    """

    __tablename__ = "duplicate_pair"

    first_id: int = Field(foreign_key="application.id", ondelete="CASCADE", primary_key=True)
    second_id: int = Field(foreign_key="application.id", ondelete="CASCADE", primary_key=True,
                           index=True)
