"""The terms a case is decided on, read from its pool: the rules' version and the invoice
deadline. Decisions record them; documents and pages show them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import object_session

from pulje.models import Application, Pool, RuleSet
from workflows import rules


def rule_version_text(pool: Pool) -> str:
    """E.g. 'Retningslinjer for pulje til understøttelse af fællesskaber, godkendt 15.05.2023'."""
    return f"{pool.rule_version}, godkendt {pool.rule_approved_on:%d.%m.%Y}"


def invoice_deadline(pool: Pool, application: Application) -> date:
    """The last day invoices are expected: the period's end plus the deadline of the rules
    the case was decided under (R10), else the pool's now."""
    return rules.invoice_deadline(application.period_end, deadline_days(pool, application))


def deadline_days(pool: Pool, application) -> int:
    """The invoice deadline of the rule set the case was decided under, else the pool's.

    ``application`` may be a query row that carries ``rule_deadline_days`` (the queue).
    """
    if getattr(application, "rule_deadline_days", None) is not None:
        return application.rule_deadline_days
    rule_set_id = getattr(application, "rule_set_id", None)
    session = object_session(pool)
    if rule_set_id is not None and session is not None:
        rule_set = session.get(RuleSet, rule_set_id)
        if rule_set is not None:
            return rule_set.invoice_deadline_days
    return pool.invoice_deadline_days
