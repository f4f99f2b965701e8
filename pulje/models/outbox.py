"""E-mails the application has written: kept here first, sent by SMTP when it is configured."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class OutboxMail(SQLModel, table=True):
    """One e-mail to one recipient; ``sent_at`` stays empty until an SMTP server took it."""

    __tablename__ = "outbox_mail"

    id: int | None = Field(default=None, primary_key=True)
    to: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
