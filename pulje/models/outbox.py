"""The outbox is the mail queue: mails the application has written, until an SMTP server took them.

A mail is due while ``sent_at`` is empty and ``next_attempt_at`` has come; ``pulje mail send``
(or the worker) hands it to SMTP and sets ``sent_at``. A failed attempt records ``last_error``
and moves ``next_attempt_at`` later (exponential backoff); once the attempts are used up, or
the server refused the mail for good, ``next_attempt_at`` is emptied: the mail is given up and
stays here, readable with ``pulje outbox``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, Text
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class OutboxMail(SQLModel, table=True):
    """One e-mail to one recipient, with what happened to it so far."""

    __tablename__ = "outbox_mail"

    id: int | None = Field(default=None, primary_key=True)
    to: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The case the mail is about and what kind of mail it is ("receipt", "decision", …), so a
    # case's history can say what was sent when; both empty for mails about no case.
    application_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("application.id", ondelete="SET NULL"),
                                       nullable=True, index=True))
    kind: str | None = Field(default=None, max_length=40)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime,
                                             index=True)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class OutboxAttachment(SQLModel, table=True):
    """A file sent with an outbox mail as a MIME part (an approval letter, a statement)."""

    __tablename__ = "outbox_attachment"

    id: int | None = Field(default=None, primary_key=True)
    mail_id: int = Field(sa_column=Column(
        Integer, ForeignKey("outbox_mail.id", ondelete="CASCADE"), nullable=False, index=True))
    filename: str = Field(max_length=200)
    mimetype: str = Field(max_length=100)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
