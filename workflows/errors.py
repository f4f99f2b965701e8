"""Errors a transition raises: a broken rule, or a step the case cannot take."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base class: every workflow error carries a Danish message for the user."""

    rule: str | None = None

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RuleViolation(WorkflowError):
    """A rule of the pool guidelines (R1–R10) or a required input refuses the step."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


class IllegalTransition(WorkflowError):
    """The step exists but is not possible from the current state."""


class UnknownTrigger(WorkflowError):
    """The step does not exist at all."""
