"""Single-use links sent by e-mail: an invitation to set a password, or a reset."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class UserToken(SQLModel, table=True):
    """Only the SHA-256 of the link's secret is kept: a database copy opens no account."""

    __tablename__ = "user_token"

    __table_args__ = (CheckConstraint("purpose IN ('invite', 'reset')",
                                      name="user_token_purpose_known"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", ondelete="CASCADE", index=True)
    purpose: str = Field(max_length=10)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
