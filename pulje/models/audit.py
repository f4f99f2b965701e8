"""The audit trail: one entry per transition, never changed or deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who did what to which case or invoice, when, from which state to which, and why."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_role: str = Field(max_length=20)
    actor_name: str = Field(max_length=200)
    application_id: int | None = Field(
        default=None, foreign_key="application.id", ondelete="RESTRICT", index=True)
    invoice_id: int | None = Field(
        default=None, foreign_key="invoice.id", ondelete="RESTRICT", index=True)
    action: str = Field(max_length=40)
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str | None = Field(default=None, max_length=20)
    note: str | None = Field(default=None, sa_column=Column(Text))
