"""A pool year's rules as data (R10): one version per change, each valid from a date."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow


class RuleSet(SQLModel, table=True):
    """The guideline a pool runs under from ``valid_from``; never changed once cases use it.

    The newest version's figures are mirrored on the Pool row (total, cap, deadline, title,
    approval date), which the accounting and the rule checks read.
    """

    __tablename__ = "rule_set"

    __table_args__ = (
        UniqueConstraint("pool_id", "version"),
        CheckConstraint("total > 0", name="rule_set_total_positive"),
        CheckConstraint("cap > 0 AND cap <= total", name="rule_set_cap_within_total"),
        CheckConstraint("purposes_required >= 1", name="rule_set_purposes_required"),
        CheckConstraint("invoice_deadline_days >= 0", name="rule_set_deadline_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pool_id: int = Field(foreign_key="pool.id", ondelete="CASCADE", index=True)
    version: int
    valid_from: date
    total: int = Field(sa_column=Column(BigInteger, nullable=False))
    cap: int = Field(sa_column=Column(BigInteger, nullable=False))
    # JSON list of the purpose texts the application form offers (at most three slots).
    purposes_json: str = Field(sa_column=Column(Text, nullable=False))
    purposes_required: int = 1
    invoice_deadline_days: int
    title: str = Field(max_length=120)
    approved_on: date
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def purposes(self) -> list[str]:
        return list(json.loads(self.purposes_json))

    @property
    def label(self) -> str:
        """How letters and reports name it: title, approval date and version."""
        return f"{self.title}, godkendt {self.approved_on:%d.%m.%Y}, version {self.version}"
