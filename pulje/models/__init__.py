"""SQLModel tables for pulje (docs/ARCHITECTURE.md)."""

# First: the naming convention is installed before any table is defined.
from pulje.models import naming  # noqa: F401
from pulje.models.application import Application, BudgetLine, Message
from pulje.models.audit import AuditEntry
from pulje.models.bookkeeping import ExportSettings, JournalExport, JournalLine
from pulje.models.followup import (
    ApplicantKey,
    CaseNote,
    DuplicateJudgement,
    DuplicatePair,
    ReminderSent,
    ResidentAttachment,
)
from pulje.models.invoice import Invoice, Payment, Refund
from pulje.models.organisation import Department, Organisation, Pool
from pulje.models.outbox import OutboxAttachment, OutboxMail
from pulje.models.outcome import OutcomeDepartment, OutcomePhoto, OutcomeReport
from pulje.models.ruleset import RuleSet
from pulje.models.search import CaseSearch
from pulje.models.token import UserToken
from pulje.models.types import clock_at, utcnow
from pulje.models.user import ROLES, User

__all__ = [
    "ApplicantKey", "Application", "AuditEntry", "BudgetLine", "CaseNote", "CaseSearch",
    "Department", "DuplicateJudgement", "DuplicatePair", "OutcomeDepartment", "OutcomePhoto",
    "OutcomeReport",
    "ExportSettings", "Invoice", "JournalExport", "JournalLine", "Message", "Organisation",
    "OutboxAttachment", "OutboxMail", "Payment", "Pool", "ROLES", "Refund", "ReminderSent",
    "ResidentAttachment", "RuleSet", "User", "UserToken", "clock_at", "utcnow",
]
