"""The grant case (ansøgning), its budget lines and the questions and answers on it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow
from workflows.application import RELEASED_STATES, STATES
from workflows.fields import APPLICATION, BUDGET_LINE


def _sql_list(states) -> str:
    return ", ".join(f"'{s}'" for s in states)


_STATE_LIST = _sql_list(STATES)
_DECIDED = _sql_list(("approved", "rejected", "closed", "lapsed"))
_GRANTED = _sql_list(("approved", "closed", "lapsed"))
_GRANTED_ONCE = _sql_list(("approved", "withdrawn", "closed", "lapsed"))
_ENDED = _sql_list(RELEASED_STATES)
# The applicant's name once anonymised (services.retention): nobody in particular, so never
# the same applicant as anyone (services.duplicates).
ANONYMOUS_NAME = "Anonymiseret ansøger"


class Application(SQLModel, table=True):
    """One application to a pool, from submission to its final state."""

    __table_args__ = (
        UniqueConstraint("pool_id", "reference"),
        CheckConstraint(f"state IN ({_STATE_LIST})", name="application_state_known"),
        CheckConstraint("requested > 0", name="application_requested_positive"),
        CheckConstraint("granted IS NULL OR (granted > 0 AND granted <= requested)",
                        name="application_granted_within_requested"),
        CheckConstraint("period_end >= period_start", name="application_period_ordered"),
        CheckConstraint("expected_participants > 0", name="application_participants_positive"),
        # What each state implies (i13a): a decision has its time, a grant its amount, a
        # refusal its reason, an ended case its end; a grant exists only once approved.
        CheckConstraint(f"state NOT IN ({_DECIDED}) OR decided_at IS NOT NULL",
                        name="application_decided_has_time"),
        CheckConstraint(f"state NOT IN ({_GRANTED}) OR granted IS NOT NULL",
                        name="application_granted_has_amount"),
        CheckConstraint(f"granted IS NULL OR state IN ({_GRANTED_ONCE})",
                        name="application_granted_only_when_approved"),
        CheckConstraint("state <> 'rejected' OR decision_reason IS NOT NULL",
                        name="application_rejected_has_reason"),
        CheckConstraint(f"state NOT IN ({_ENDED}) OR ended_at IS NOT NULL",
                        name="application_ended_has_time"),
        Index("ix_application_pool_state", "pool_id", "state"),
        # The queue's pages, newest first, and the yearly report per department (0003).
        Index("ix_application_pool_submitted", "pool_id", "submitted_at", "id"),
        Index("ix_application_department_pool", "department_id", "pool_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pool_id: int = Field(foreign_key="pool.id", ondelete="RESTRICT", index=True)
    department_id: int = Field(foreign_key="department.id", ondelete="RESTRICT")
    reference: str = Field(max_length=20)
    public_token: str = Field(max_length=64, unique=True)
    state: str = Field(default="submitted", max_length=20)

    applicant_name: str = Field(max_length=APPLICATION["applicant_name"])
    applicant_address: str = Field(default="", max_length=APPLICATION["applicant_address"])
    applicant_email: str = Field(default="", max_length=APPLICATION["applicant_email"])
    applicant_phone: str = Field(default="", max_length=APPLICATION["applicant_phone"])
    applicant_cvr: str | None = Field(default=None, max_length=APPLICATION["applicant_cvr"])

    title: str = Field(max_length=APPLICATION["title"])
    purpose: str = Field(sa_column=Column(Text, nullable=False))
    expected_participants: int
    period_start: date
    period_end: date
    across_departments: bool = False
    short_notice: bool = False
    small_group: bool = False

    requested: int = Field(sa_column=Column(BigInteger, nullable=False))
    granted: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    decision_reason: str | None = Field(default=None, sa_column=Column(Text))
    rule_version: str | None = Field(default=None, max_length=200)
    # The rule set version the decision was made under (R10); None before a decision.
    rule_set_id: int | None = Field(default=None, foreign_key="rule_set.id", ondelete="RESTRICT")

    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    token_revoked: bool = False
    # A renewed private link works LINK_TTL_DAYS from here too (pulje.services.link_expiry, i12w3).
    link_issued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The language the resident applied in ("da", "en"): their mails are written in it.
    language: str = Field(default="da", max_length=5, sa_column_kwargs={"server_default": "da"})
    # The resident chose to follow the case by the private link only, giving no e-mail.
    link_only: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # What open data publishes: written (or accepted) by the caseworker at approval, never the
    # resident's own words (issue 18).
    public_title: str | None = Field(default=None, max_length=200)
    public_description: str | None = Field(default=None, sa_column=Column(Text))


class BudgetLine(SQLModel, table=True):
    """One line of an application's economy (R4): what the money is for, and how much."""

    __tablename__ = "budget_line"

    __table_args__ = (CheckConstraint("amount > 0", name="budgetline_amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    position: int
    description: str = Field(max_length=BUDGET_LINE["description"])
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))


class Message(SQLModel, table=True):
    """A question from the caseworker or an answer from the applicant, in order."""

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    sender_role: str = Field(max_length=20)
    sender_name: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # How an answer reached the case: "web" (the resident's page), "phone" or "letter" (typed in
    # by the caseworker).
    channel: str = Field(default="web", max_length=10, sa_column_kwargs={"server_default": "web"})
