"""The grant case's lifecycle (docs/ARCHITECTURE.md), as one table of states and transitions."""

from __future__ import annotations

from transitions import EventData

from workflows import rules
from workflows.machine import Flow, require
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

# Guards read what the service passes to fire(): see the keyword names in each guard below.
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

    def has_question(self, event: EventData) -> bool:
        return require(rules.has_text(event.kwargs.get("note"), "et spørgsmål til ansøgeren"))

    def has_answer(self, event: EventData) -> bool:
        return require(rules.has_text(event.kwargs.get("note"), "et svar"))

    def has_reason(self, event: EventData) -> bool:
        return require(rules.has_text(event.kwargs.get("note"), "en begrundelse for afslaget"))

    def within_requested(self, event: EventData) -> bool:
        return require(rules.within_requested(event.kwargs["amount"], self.row.requested))

    def within_cap(self, event: EventData) -> bool:
        return require(rules.within_cap(event.kwargs["amount"], event.kwargs["cap"]))

    def within_project_cap(self, event: EventData) -> bool:
        kw = event.kwargs
        return require(rules.within_project_cap(kw["amount"], kw["cap"],
                                                kw.get("project_used", 0),
                                                kw.get("project_cases", ())))

    def partial_grant_explained(self, event: EventData) -> bool:
        kw = event.kwargs
        return require(rules.partial_grant_explained(kw["amount"], self.row.requested,
                                                     kw.get("reason")))

    def before_activity_starts(self, event: EventData) -> bool:
        return require(rules.before_activity_starts(self.row.period_start, event.kwargs["today"]))

    def within_pool_room(self, event: EventData) -> bool:
        kw = event.kwargs
        return require(rules.within_pool_room(kw["amount"], kw["available"], kw["pool_year"]))

    def no_invoice_awaiting_payment(self, event: EventData) -> bool:
        waiting = event.kwargs.get("invoices_awaiting", 0)
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
        kw = event.kwargs
        return require(rules.invoice_deadline_passed(kw["deadline"], kw["today"], kw["invoices"]))
