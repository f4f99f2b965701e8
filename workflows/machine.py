"""The wrapper that lets a `transitions` machine drive the ``state`` column of a row.

A SQLModel row cannot carry a Machine (pydantic refuses the added attributes), so a small
flow object holds the row, exposes ``state`` as a property over the row's column, and owns
the machine. Guards raise RuleViolation; unknown or illegal triggers raise too.

What a step's guards need travels as one frozen dataclass per trigger (a ``Step``): the
service builds it, so a misspelt or missing field is a type error (mypy) or fails when the
step is built, before anything changes. ``fire`` returns the ``Transition`` taken, which the
service writes to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from transitions import EventData, Machine, MachineError

from workflows.errors import IllegalTransition, RuleViolation, UnknownTrigger
from workflows.rules import Violation


@dataclass(frozen=True)
class Step:
    """What one trigger's guards read; each trigger has its own subclass naming it."""

    trigger: ClassVar[str]


S = TypeVar("S", bound=Step)


@dataclass(frozen=True)
class Transition:
    """A step taken: the trigger and the states before and after."""

    trigger: str
    source: str
    dest: str


def step_of(event: EventData, kind: type[S]) -> S:
    """The step a guard was fired with, as the type the guard reads."""
    step = event.kwargs["step"]
    if not isinstance(step, kind):  # pragma: no cover - fire() matched the step to the trigger
        raise TypeError(f"{event.event.name} takes {kind.__name__}, not {type(step).__name__}")
    return step


class Flow:
    """Base for a state machine over one row; subclasses give STATES, TRANSITIONS, LABELS and
    STEPS (the Step class of each trigger)."""

    STATES: tuple[str, ...] = ()
    TRANSITIONS: tuple[dict[str, Any], ...] = ()
    STEPS: tuple[type[Step], ...] = ()
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

    @classmethod
    def step_class(cls, trigger: str) -> type[Step]:
        """The Step subclass that carries ``trigger``'s context."""
        return next(kind for kind in cls.STEPS if kind.trigger == trigger)

    def fire(self, step: Step | str) -> Transition:
        """Take ``step`` (a trigger without context may be named by its string); return the
        transition taken, or raise: an unknown or illegal trigger, or a guard's refusal."""
        trigger = step if isinstance(step, str) else step.trigger
        if trigger not in self.triggers():
            raise UnknownTrigger(f"Handlingen »{trigger}« findes ikke.")
        if trigger not in self.allowed():
            raise IllegalTransition(
                f"Handlingen »{self.TRIGGER_LABELS.get(trigger, trigger)}« er ikke mulig, når "
                f"{self.NOUN} er »{self.LABELS.get(self.state, self.state)}«."
            )
        kind = self.step_class(trigger)
        if isinstance(step, str):
            step = kind()  # a TypeError when the trigger needs context
        elif not isinstance(step, kind):
            raise TypeError(f"{trigger} takes {kind.__name__}, not {type(step).__name__}")
        source = self.state
        try:
            getattr(self, trigger)(step=step)
        except MachineError as exc:  # pragma: no cover - allowed() checked the source state
            raise IllegalTransition(str(exc.value)) from exc
        return Transition(trigger, source, self.state)


def require(violation: Violation | None) -> bool:
    """Turn a rule check's result into a guard: True, or raise the violation."""
    if violation is not None:
        raise RuleViolation(violation.rule, violation.message)
    return True
