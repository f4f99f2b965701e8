"""SQLModel tables for pulje (docs/ARCHITECTURE.md)."""

from pulje.models.application import Application, BudgetLine, Message
from pulje.models.audit import AuditEntry
from pulje.models.invoice import Invoice, Payment
from pulje.models.organisation import Department, Organisation, Pool
from pulje.models.outbox import OutboxMail
from pulje.models.types import utcnow
from pulje.models.user import ROLES, User

__all__ = [
    "Application", "AuditEntry", "BudgetLine", "Department", "Invoice", "Message",
    "Organisation", "OutboxMail", "Payment", "Pool", "ROLES", "User", "utcnow",
]
