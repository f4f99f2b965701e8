"""Errors the services raise besides the workflow's own; all carry a Danish message."""

from __future__ import annotations

from workflows.errors import IllegalTransition, RuleViolation, UnknownTrigger, WorkflowError


class NotFound(WorkflowError):
    """The case, invoice, pool or department asked for does not exist (here)."""


class InputError(WorkflowError):
    """The input has the wrong shape or refers to something that cannot be used."""


class TryAgain(WorkflowError):
    """The database stayed busy (lock conflicts) through every retry; nothing was written."""

    MESSAGE = "Systemet er optaget lige nu — prøv igen om et øjeblik."

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)


__all__ = [
    "IllegalTransition", "InputError", "NotFound", "RuleViolation", "TryAgain",
    "UnknownTrigger", "WorkflowError",
]
