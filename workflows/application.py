"""The grant case's lifecycle (docs/ARCHITECTURE.md), as one table of states and transitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from transitions import EventData

from workflows import rules
from workflows.machine import Flow, Step, require, step_of
from workflows.messages import N_

STATE_LABELS = {
    "submitted": N_("modtaget"),
    "in_review": N_("under behandling"),
    "awaiting_info": N_("afventer oplysninger"),
    "approved": N_("bevilget"),
    "rejected": N_("afslået"),
    "withdrawn": N_("trukket tilbage"),
    "closed": N_("afsluttet"),
    "lapsed": N_("bortfaldet"),
}
STATES = tuple(STATE_LABELS)
FINAL_STATES = ("rejected", "withdrawn", "closed", "lapsed")
# States in which a grant has stopped growing: what was paid is used, the rest is released.
RELEASED_STATES = ("withdrawn", "closed", "lapsed")

TRIGGER_LABELS = {
    "start_review": "påbegynd behandling",
    "request_info": "bed om oplysninger",
    "answer": "besvar",
    "approve": "bevilg",
    "reject": "afslå",
    "withdraw": "træk tilbage",
    "close": "afslut",
    "lapse": "lad bortfalde",
}


# What each trigger's guards read: the service builds one and passes it to Flow.fire.
@dataclass(frozen=True)
class StartReview(Step):
    trigger: ClassVar[str] = "start_review"


@dataclass(frozen=True)
class RequestInfo(Step):
    trigger: ClassVar[str] = "request_info"
    question: str | None


@dataclass(frozen=True)
class Answer(Step):
    trigger: ClassVar[str] = "answer"
    answer: str | None


@dataclass(frozen=True)
class Approve(Step):
    """A grant of ``amount`` øre under the pool's ``cap`` with ``available`` left in its year;
    ``project_used`` is what the same project was granted before, on ``project_cases``."""

    trigger: ClassVar[str] = "approve"
    amount: int
    cap: int
    today: date
    available: int
    pool_year: int
    reason: str | None = None
    project_used: int = 0
    project_cases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reject(Step):
    trigger: ClassVar[str] = "reject"
    reason: str | None


@dataclass(frozen=True)
class Ending(Step):
    """Ending a case by withdrawal or closing: how many invoices still await payment."""

    invoices_awaiting: int = 0


@dataclass(frozen=True)
class Withdraw(Ending):
    trigger: ClassVar[str] = "withdraw"


@dataclass(frozen=True)
class Close(Ending):
    trigger: ClassVar[str] = "close"


@dataclass(frozen=True)
class Lapse(Step):
    """Letting a grant lapse on ``today``: its invoice ``deadline`` and the invoices counted."""

    trigger: ClassVar[str] = "lapse"
    deadline: date
    today: date
    invoices: int


TRANSITIONS = (
    {"trigger": "start_review", "source": "submitted", "dest": "in_review"},
    {"trigger": "request_info", "source": "in_review", "dest": "awaiting_info",
     "conditions": ["has_question"]},
    {"trigger": "answer", "source": "awaiting_info", "dest": "in_review",
     "conditions": ["has_answer"]},
    {"trigger": "approve", "source": "in_review", "dest": "approved",
     "conditions": ["within_requested", "within_cap", "within_project_cap",
                    "before_activity_starts", "within_pool_room", "partial_grant_explained"]},
    # A case waiting for an answer can be refused too: the answer may never come.
    {"trigger": "reject", "source": ["in_review", "awaiting_info"], "dest": "rejected",
     "conditions": ["has_reason"]},
    {"trigger": "withdraw", "source": ["submitted", "in_review", "awaiting_info", "approved"],
     "dest": "withdrawn", "conditions": ["no_invoice_awaiting_payment"]},
    {"trigger": "close", "source": "approved", "dest": "closed",
     "conditions": ["no_invoice_awaiting_payment"]},
    {"trigger": "lapse", "source": "approved", "dest": "lapsed",
     "conditions": ["invoice_deadline_passed"]},
)


class ApplicationFlow(Flow):
    """The lifecycle of one grant case; ``row`` is the Application."""

    STATES = STATES
    TRANSITIONS = TRANSITIONS
    LABELS = STATE_LABELS
    TRIGGER_LABELS = TRIGGER_LABELS
    STEPS = (StartReview, RequestInfo, Answer, Approve, Reject, Withdraw, Close, Lapse)

    def has_question(self, event: EventData) -> bool:
        question = step_of(event, RequestInfo).question
        return require(rules.has_text(question, "et spørgsmål til ansøgeren"))

    def has_answer(self, event: EventData) -> bool:
        return require(rules.has_text(step_of(event, Answer).answer, "et svar"))

    def has_reason(self, event: EventData) -> bool:
        reason = step_of(event, Reject).reason
        return require(rules.has_text(reason, "en begrundelse for afslaget"))

    def within_requested(self, event: EventData) -> bool:
        return require(rules.within_requested(step_of(event, Approve).amount, self.row.requested))

    def within_cap(self, event: EventData) -> bool:
        step = step_of(event, Approve)
        return require(rules.within_cap(step.amount, step.cap))

    def within_project_cap(self, event: EventData) -> bool:
        step = step_of(event, Approve)
        return require(rules.within_project_cap(step.amount, step.cap, step.project_used,
                                                step.project_cases))

    def partial_grant_explained(self, event: EventData) -> bool:
        step = step_of(event, Approve)
        return require(rules.partial_grant_explained(step.amount, self.row.requested,
                                                     step.reason))

    def before_activity_starts(self, event: EventData) -> bool:
        today = step_of(event, Approve).today
        return require(rules.before_activity_starts(self.row.period_start, today))

    def within_pool_room(self, event: EventData) -> bool:
        step = step_of(event, Approve)
        return require(rules.within_pool_room(step.amount, step.available, step.pool_year))

    def no_invoice_awaiting_payment(self, event: EventData) -> bool:
        waiting = step_of(event, Ending).invoices_awaiting
        if waiting:
            return require(rules.Violation(
                "R8",
                f"Sagen har {waiting} {'faktura' if waiting == 1 else 'fakturaer'}, der venter "
                "på behandling eller betaling, så "
                "den kan ikke afsluttes eller trækkes tilbage nu. Fakturaerne skal først betales "
                "eller afvises af sagsbehandleren.",
            ))
        return True

    def invoice_deadline_passed(self, event: EventData) -> bool:
        step = step_of(event, Lapse)
        return require(rules.invoice_deadline_passed(step.deadline, step.today, step.invoices))
