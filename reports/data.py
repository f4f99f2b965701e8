"""The plain data the documents are built from; pulje's services fill these from the database.

Money is integer øre; dates are ``date``; instants are aware UTC ``datetime``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class OrganisationInfo:
    name: str
    legal_name: str
    cvr: str
    address: str
    phone: str = ""
    email: str = ""
    # Where suppliers send invoices: a postal address, an e-mail, an EAN number (any of them).
    invoice_address: str = ""
    invoice_email: str = ""
    ean: str = ""


@dataclass(frozen=True)
class BudgetLineData:
    description: str
    amount: int


@dataclass(frozen=True)
class ApplicationData:
    """What the applicant wrote (R4) — the one-page application the board sees (R3)."""

    organisation: OrganisationInfo
    reference: str | None  # None while the form is being checked, before submission
    submitted_at: datetime | None
    applicant_name: str
    applicant_address: str
    applicant_email: str
    applicant_phone: str
    department: str  # "12 Solbakken"
    title: str
    purpose: str
    expected_participants: int
    period_start: date
    period_end: date
    across_departments: bool
    short_notice: bool
    small_group: bool
    budget_lines: tuple[BudgetLineData, ...]
    requested: int
    pool_year: int
    rule_version: str
    # (slot, text) of each purpose of the pool's rules; the slot names the yes/no field above.
    purpose_labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DecisionLetterData:
    """An approval letter (granted set) or a rejection letter (reason set)."""

    application: ApplicationData
    approved: bool
    decided_at: datetime
    granted: int | None
    reason: str | None
    invoice_deadline: date | None
    caseworker_name: str


@dataclass(frozen=True)
class InvoiceLine:
    supplier_name: str
    supplier_cvr: str | None
    number: str
    issue_date: date
    amount: int
    state: str  # Danish label, e.g. "afvist"
    refusal_reason: str | None
    # "godkendt 3.000,00 kr. af 5.000,00 kr.", "krediterer nr. F-1", a refund owed …
    note: str | None = None
    payment_account: str | None = None


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    supplier_name: str
    invoice_number: str
    amount: int
    reference: str


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str  # "sagsbehandler Mette Hansen" or "ansøger"
    action: str  # Danish label
    from_state: str | None
    to_state: str | None
    note: str | None


@dataclass(frozen=True)
class NoteLine:
    """A caseworker's internal note: in the staff's case statement, never in a resident's PDF."""

    at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class CaseStatementData:
    application: ApplicationData
    state: str  # Danish label
    granted: int | None
    invoices: tuple[InvoiceLine, ...]
    payments: tuple[PaymentLine, ...]
    paid: int  # paid to suppliers minus refunds received
    remaining: int  # while open: granted - paid - accepted but not yet paid
    released: int  # granted - paid once closed, lapsed or withdrawn
    audit: tuple[AuditLine, ...]
    accepted_unpaid: int = 0
    refunds_due: int = 0
    refunds: tuple[PaymentLine, ...] = ()  # money suppliers paid back after a credit note
    notes: tuple[NoteLine, ...] = ()
