"""What an organisation's exports need: its accounts and open-data licence, and the journal.

A payment gets its voucher number (bilagsnummer) the first time a journal that covers its
payment date is exported, in payment-date order; the number never changes after that, so the
same period exported again gives the same file.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow
from workflows.fields import ACCOUNT_MAX

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


class ExportSettings(SQLModel, table=True):
    """Per organisation: the journal's ledger and contra accounts and the open-data licence."""

    __tablename__ = "export_settings"

    __table_args__ = (CheckConstraint("next_voucher > 0", name="export_settings_voucher_positive"),)

    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE",
                                 primary_key=True)
    # The pool's expense account (debit) and the bank account it is paid from (credit).
    expense_account: str = Field(default="", max_length=ACCOUNT_MAX)
    bank_account: str = Field(default="", max_length=ACCOUNT_MAX)
    next_voucher: int = Field(default=1)
    open_data_license: str = Field(default=CC_BY_4, max_length=200)


class JournalExport(SQLModel, table=True):
    """One export of the bookkeeping journal: which period, when and by whom."""

    __tablename__ = "journal_export"

    __table_args__ = (CheckConstraint("period_to >= period_from", name="journal_period_ordered"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    period_from: date
    period_to: date
    lines: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(max_length=200)


class JournalLine(SQLModel, table=True):
    """A payment's or a refund's place in the journal: its voucher number and the export that
    first held it. Money a supplier paid back is booked too, or the books would show more
    spent than the pool's figures."""

    __tablename__ = "journal_line"

    __table_args__ = (
        UniqueConstraint("organisation_id", "voucher_number"),
        CheckConstraint("(payment_id IS NULL) <> (refund_id IS NULL)",
                        name="journal_line_payment_or_refund"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    payment_id: int | None = Field(default=None, foreign_key="payment.id", ondelete="RESTRICT",
                                   unique=True)
    refund_id: int | None = Field(default=None, foreign_key="refund.id", ondelete="RESTRICT",
                                  unique=True)
    voucher_number: int
    export_id: int = Field(foreign_key="journal_export.id", ondelete="RESTRICT", index=True)
