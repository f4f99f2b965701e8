"""Labels the staff templates share (caseworker, board and bookkeeping pages).

Money, dates and instants are formatted by the app's filters (``|money``, ``|date``,
``|datetime``; see pulje.web.__init__), the same on every page.
"""

from __future__ import annotations

from pulje.services.notifications import KIND_LABELS
from workflows.application import STATE_LABELS, TRIGGER_LABELS
from workflows.invoice import STATE_LABELS as INVOICE_LABELS
from workflows.invoice import label as invoice_label


def display_helpers() -> dict:
    """The state, step and mail labels staff templates show."""
    return {"STATE_LABELS": STATE_LABELS, "INVOICE_LABELS": INVOICE_LABELS,
            "invoice_label": invoice_label, "TRIGGER_LABELS": TRIGGER_LABELS,
            "MAIL_LABELS": KIND_LABELS}
