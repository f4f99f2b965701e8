"""SQLModel tables for pulje (docs/ARCHITECTURE.md)."""

from pulje.models.application import Application, BudgetLine, Message
from pulje.models.audit import AuditEntry
from pulje.models.bookkeeping import ExportSettings, JournalExport, JournalLine
from pulje.models.invoice import Invoice, Payment
from pulje.models.organisation import Department, Organisation, Pool
from pulje.models.outbox import OutboxMail
from pulje.models.types import clock_at, utcnow
from pulje.models.user import ROLES, User

__all__ = [
    "Application", "AuditEntry", "BudgetLine", "Department", "ExportSettings", "Invoice",
    "JournalExport", "JournalLine", "Message",
    "Organisation", "OutboxMail", "Payment", "Pool", "ROLES", "User", "clock_at", "utcnow",
]
