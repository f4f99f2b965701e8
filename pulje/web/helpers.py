"""Formatting the staff templates share (caseworker and board pages): money, dates, labels."""

from __future__ import annotations

from datetime import date, datetime

from pulje.services.notifications import KIND_LABELS
from pulje.web.money import money
from workflows.application import STATE_LABELS, TRIGGER_LABELS
from workflows.clock import COPENHAGEN
from workflows.invoice import STATE_LABELS as INVOICE_LABELS
from workflows.invoice import label as invoice_label


def display_helpers() -> dict:
    """Formatting for staff templates: money in Danish, instants in Copenhagen time."""
    def when(instant: datetime | None) -> str:
        return instant.astimezone(COPENHAGEN).strftime("%d.%m.%Y kl. %H:%M") if instant else ""

    def day(value: date | None) -> str:
        return value.strftime("%d.%m.%Y") if value else ""

    return {"money": money, "when": when, "day": day, "STATE_LABELS": STATE_LABELS,
            "INVOICE_LABELS": INVOICE_LABELS, "invoice_label": invoice_label,
            "TRIGGER_LABELS": TRIGGER_LABELS, "MAIL_LABELS": KIND_LABELS}
