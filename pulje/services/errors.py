"""Errors the services raise besides the workflow's own; all carry a Danish message."""

from __future__ import annotations

from workflows.errors import IllegalTransition, RuleViolation, UnknownTrigger, WorkflowError


class NotFound(WorkflowError):
    """The case, invoice, pool or department asked for does not exist (here)."""


class InputError(WorkflowError):
    """The input has the wrong shape or refers to something that cannot be used."""


__all__ = [
    "IllegalTransition", "InputError", "NotFound", "RuleViolation", "UnknownTrigger",
    "WorkflowError",
]
