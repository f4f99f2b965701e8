"""Suppliers' invoices on a case and the payments made against them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Text
from sqlmodel import Field, SQLModel

from pulje.models.types import UTCDateTime, utcnow
from workflows.fields import INVOICE, PAYMENT
from workflows.invoice import STATES

_STATE_LIST = ", ".join(f"'{s}'" for s in STATES)


class Invoice(SQLModel, table=True):
    """An invoice from a supplier (3. person), as written on it; credit notes are negative and
    name the invoice they credit."""

    __table_args__ = (
        CheckConstraint(f"state IN ({_STATE_LIST})", name="invoice_state_known"),
        CheckConstraint("state <> 'refused' OR refusal_reason IS NOT NULL",
                        name="invoice_refused_has_reason"),
        # A case's invoices and their states straight from the index (0003).
        Index("ix_invoice_application_state", "application_id", "state", "id"),
        CheckConstraint("accepted_amount IS NULL OR (accepted_amount > 0 "
                        "AND accepted_amount <= amount)", name="invoice_accepted_within_amount"),
        CheckConstraint("credits_invoice_id IS NULL OR is_credit_note",
                        name="invoice_only_credit_notes_credit"),
        # A credit note is negative, an invoice positive; an invoice that counts against the
        # grant was accepted for an amount (i13a).
        CheckConstraint("(is_credit_note AND amount < 0) OR (NOT is_credit_note AND amount > 0)",
                        name="invoice_amount_sign"),
        CheckConstraint("state NOT IN ('accepted', 'paid') OR is_credit_note "
                        "OR accepted_amount IS NOT NULL", name="invoice_accepted_has_amount"),
        # The duplicate check across the organisation looks invoices up by number (i14a).
        Index("ix_invoice_number", "number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="RESTRICT")
    state: str = Field(default="received", max_length=20)
    supplier_name: str = Field(max_length=INVOICE["supplier_name"])
    supplier_cvr: str | None = Field(default=None, max_length=INVOICE["supplier_cvr"])
    number: str = Field(max_length=INVOICE["number"])
    issue_date: date
    activity_date: date | None = None
    buyer_name: str = Field(max_length=INVOICE["buyer_name"])
    buyer_cvr: str | None = Field(default=None, max_length=INVOICE["buyer_cvr"])
    currency: str = Field(default="DKK", max_length=3)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    is_credit_note: bool = False
    # A credit note names the invoice it credits (R8); the money it gives back reduces that one.
    credits_invoice_id: int | None = Field(default=None, foreign_key="invoice.id",
                                           ondelete="RESTRICT")
    # What was accepted for payment: the whole invoice, or only what was left of the grant (R8).
    accepted_amount: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    payment_account: str | None = Field(default=None,
                                        max_length=INVOICE["payment_account"])
    source: str = Field(default="manual", max_length=10)
    file_path: str | None = Field(default=None, max_length=300)
    file_name: str | None = Field(default=None, max_length=200)
    refusal_reason: str | None = Field(default=None, sa_column=Column(Text))
    refusal_rule: str | None = Field(default=None, max_length=10)
    notice: str | None = Field(default=None, sa_column=Column(Text))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Payment(SQLModel, table=True):
    """Money paid to a supplier against an accepted invoice; the key makes recording idempotent."""

    # What was paid per invoice straight from the index (0003).
    __table_args__ = (
        Index("ix_payment_invoice_amount", "invoice_id", "amount"),
        CheckConstraint("amount > 0", name="payment_amount_positive"),  # i13a
    )

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="RESTRICT")
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    paid_on: date
    reference: str = Field(default="", max_length=PAYMENT["reference"])
    idempotency_key: str = Field(max_length=100, unique=True)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)


class Refund(SQLModel, table=True):
    """Money a supplier paid back after a credit note on an invoice that was already paid.

    Recorded as money received against the paid invoice, never as a negative payment; the
    case's paid figure falls only when the refund is here.
    """

    __table_args__ = (CheckConstraint("amount > 0", name="refund_amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="RESTRICT", index=True)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    received_on: date
    reference: str = Field(default="", max_length=100)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by: str = Field(max_length=200)
