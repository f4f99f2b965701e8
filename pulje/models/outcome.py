"""What came of a granted activity: the short report (afrapportering) and its photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class OutcomeReport(SQLModel, table=True):
    """The resident's (or the caseworker's) account of how the activity went; one per case."""

    __tablename__ = "outcome_report"
    __table_args__ = (
        CheckConstraint("participants >= 0", name="outcome_participants_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", unique=True)
    participants: int
    story: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # "Would you do it again?" — None when the question was left unanswered.
    again: bool | None = None
    # Without this tick the photos stay internal: the catalogue shows none of them.
    photo_consent: bool = False
    entered_by: str = Field(max_length=200)
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutcomeDepartment(SQLModel, table=True):
    """A department whose residents took part in the activity (the report's tick list)."""

    __tablename__ = "outcome_department"
    __table_args__ = (UniqueConstraint("report_id", "department_id"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="outcome_report.id", ondelete="CASCADE", index=True)
    department_id: int = Field(foreign_key="department.id", ondelete="CASCADE")


class OutcomePhoto(SQLModel, table=True):
    """A photo from the activity, stored re-encoded (no EXIF) under a random name."""

    __tablename__ = "outcome_photo"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="outcome_report.id", ondelete="CASCADE", index=True)
    file_path: str = Field(max_length=200)
    width: int
    height: int
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

