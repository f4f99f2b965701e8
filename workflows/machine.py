"""The wrapper that lets a `transitions` machine drive the ``state`` column of a row.

A SQLModel row cannot carry a Machine (pydantic refuses the added attributes), so a small
flow object holds the row, exposes ``state`` as a property over the row's column, and owns
the machine. Guards raise RuleViolation; unknown or illegal triggers raise too.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine, MachineError

from workflows.errors import IllegalTransition, RuleViolation, UnknownTrigger
from workflows.rules import Violation


class Flow:
    """Base for a state machine over one row; subclasses give STATES, TRANSITIONS, LABELS."""

    STATES: tuple[str, ...] = ()
    TRANSITIONS: tuple[dict[str, Any], ...] = ()
    LABELS: dict[str, str] = {}
    TRIGGER_LABELS: dict[str, str] = {}
    NOUN = "sagen"  # what the state belongs to, as the refusal names it

    def __init__(self, row: Any):
        self.row = row
        self.machine = Machine(
            model=self,
            states=list(self.STATES),
            transitions=[dict(t) for t in self.TRANSITIONS],
            initial=row.state,
            auto_transitions=False,
            send_event=True,
        )

    @property
    def state(self) -> str:
        return self.row.state

    @state.setter
    def state(self, value: str) -> None:
        self.row.state = value

    @classmethod
    def triggers(cls) -> list[str]:
        """Every trigger the table declares, in table order."""
        seen: list[str] = []
        for t in cls.TRANSITIONS:
            if t["trigger"] not in seen:
                seen.append(t["trigger"])
        return seen

    def allowed(self) -> list[str]:
        """The triggers possible from the current state (guards not yet evaluated)."""
        return [t for t in self.triggers() if self.machine.get_transitions(t, source=self.state)]

    def fire(self, trigger: str, **context: Any) -> str:
        """Take the step ``trigger`` with the given context; return the new state or raise."""
        if trigger not in self.triggers():
            raise UnknownTrigger(f"Handlingen »{trigger}« findes ikke.")
        if trigger not in self.allowed():
            raise IllegalTransition(
                f"Handlingen »{self.TRIGGER_LABELS.get(trigger, trigger)}« er ikke mulig, når "
                f"{self.NOUN} er »{self.LABELS.get(self.state, self.state)}«."
            )
        try:
            getattr(self, trigger)(**context)
        except MachineError as exc:  # pragma: no cover - allowed() checked the source state
            raise IllegalTransition(str(exc.value)) from exc
        return self.state


def require(violation: Violation | None) -> bool:
    """Turn a rule check's result into a guard: True, or raise the violation."""
    if violation is not None:
        raise RuleViolation(violation.rule, violation.message)
    return True
