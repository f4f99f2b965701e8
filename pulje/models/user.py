"""Staff users: caseworkers, board members and administrators of one organisation."""

from __future__ import annotations

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

ROLES = {"caseworker": "sagsbehandler", "board": "bestyrelsesmedlem", "admin": "administrator"}


class User(SQLModel, table=True):
    """A person who logs in; the role decides which pages they reach."""

    __tablename__ = "staff_user"

    __table_args__ = (CheckConstraint("role IN ('caseworker', 'board', 'admin')",
                                      name="user_role_known"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    email: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    password_hash: str = Field(max_length=300)
    active: bool = True
    # Raised by logout and deactivation: every session made before stops working (i12w1).
    session_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
