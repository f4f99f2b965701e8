"""The terms a case is decided on, read from its pool: the rules' version and the invoice
deadline. Decisions record them; documents and pages show them."""

from __future__ import annotations

from datetime import date

from pulje.models import Application, Pool
from workflows import rules


def rule_version_text(pool: Pool) -> str:
    """E.g. 'Retningslinjer for pulje til understøttelse af fællesskaber, godkendt 15.05.2023'."""
    return f"{pool.rule_version}, godkendt {pool.rule_approved_on:%d.%m.%Y}"


def invoice_deadline(pool: Pool, application: Application) -> date:
    """The last day invoices are expected: the period's end plus the pool's deadline."""
    return rules.invoice_deadline(application.period_end, pool.invoice_deadline_days)
