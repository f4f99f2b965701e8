"""The resident's picture of a case's steps, read from the workflow's own transition table.

The table (workflows.application.TRANSITIONS) is grouped for a reader: states at the same
distance from the first state form one step ("bevilget eller afslået"); a state that leads
straight back to where it came from (awaiting_info ↔ in_review) is shown as a detour of that
step; a final state that can be reached from more than one step (withdrawn) is an exit that can
be taken along the way — one reached from a step and its detour only (rejected) is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from workflows.application import FINAL_STATES, STATE_LABELS, TRANSITIONS, TRIGGER_LABELS

# What each state means for the resident (wording only; the rules live in workflows/).
STATE_TEXT = {
    "submitted": _l("Vi har fået din ansøgning og giver den et sagsnummer."),
    "in_review": _l(
        "En sagsbehandler læser ansøgningen og ser på budgettet og puljens regler."),
    "awaiting_info": _l("Sagsbehandleren har spurgt dig om noget. Sagen venter på dit svar."),
    "approved": _l("Du får et tilsagn med beløbet. Først derefter må aktiviteten gå i gang."),
    "rejected": _l("Du får et afslag med en begrundelse."),
    "withdrawn": _l("Du har selv trukket ansøgningen tilbage."),
    "closed": _l("Leverandørernes fakturaer er betalt, og sagen er afsluttet."),
    "lapsed": _l("Der kom ingen faktura inden fristen, så tilsagnet er bortfaldet."),
}
# How an exit is offered to the resident, by its trigger.
EXIT_TEXT = {"withdraw": _l("Du kan trække ansøgningen tilbage")}


@dataclass(frozen=True)
class Step:
    """One step of the picture: its states, and the detours that return to it."""

    states: tuple[str, ...]
    detours: tuple[str, ...]

    @property
    def title(self) -> str:
        """The step's states in words, e.g. "Bevilget eller afslået" (in the reader's language)."""
        return f" {gettext('eller')} ".join(gettext(STATE_LABELS[s])
                                              for s in self.states).capitalize()


@dataclass(frozen=True)
class Exit:
    """A final state reachable from several steps (e.g. withdrawing), and from where."""

    state: str
    trigger: str
    sources: tuple[str, ...]

    @property
    def text(self) -> str:
        """How the exit is offered, e.g. "Du kan trække ansøgningen tilbage"."""
        return EXIT_TEXT.get(self.trigger, TRIGGER_LABELS[self.trigger].capitalize())


def _sources(transition: dict) -> tuple[str, ...]:
    source = transition["source"]
    return tuple(source) if isinstance(source, list) else (source,)


def _round_trips() -> dict[str, str]:
    """A state reached from another that leads straight back to it (awaiting_info ↔ in_review),
    mapped to the one the table leaves from first: the picture shows them as one step."""
    order = [s for t in TRANSITIONS for s in _sources(t)]
    pairs = {(s, t["dest"]) for t in TRANSITIONS for s in _sources(t)}
    return {b: a for a, b in pairs if (b, a) in pairs and order.index(a) < order.index(b)}


def _exits() -> tuple[Exit, ...]:
    # A final state is an exit when it can be taken from more than one step (withdrawing); one
    # reached from a step and its round trip only (rejecting) belongs to that step's outcome.
    trips = _round_trips()
    return tuple(Exit(t["dest"], t["trigger"], _sources(t)) for t in TRANSITIONS
                 if t["dest"] in FINAL_STATES
                 and len({trips.get(s, s) for s in _sources(t)}) > 1)


def _depths(skip: set[str]) -> dict[str, int]:
    """Each state's distance from the first state (breadth first, in table order)."""
    first = _sources(TRANSITIONS[0])[0]
    depths, frontier = {first: 0}, [first]
    while frontier:
        following = []
        for state in frontier:
            for t in TRANSITIONS:
                if state in _sources(t) and t["dest"] not in depths and t["dest"] not in skip:
                    depths[t["dest"]] = depths[state] + 1
                    following.append(t["dest"])
        frontier = following
    return depths


def case_steps() -> tuple[tuple[Step, ...], tuple[Exit, ...]]:
    """The steps in order and the exits, drawn from the transition table."""
    exits = _exits()
    depths = _depths({e.state for e in exits})
    detour_of = {state: back for state, back in _round_trips().items() if state in depths}
    levels: dict[int, list[str]] = {}
    for state, depth in depths.items():
        if state not in detour_of:
            levels.setdefault(depth, []).append(state)
    steps = tuple(
        Step(tuple(states), tuple(d for d, back in detour_of.items() if back in states))
        for _, states in sorted(levels.items()))
    return steps, exits


def step_index(steps: tuple[Step, ...], state: str) -> int | None:
    """Which step a state belongs to (a detour counts as its step); None for an exit."""
    for index, step in enumerate(steps):
        if state in step.states or state in step.detours:
            return index
    return None


def current_step(steps: tuple[Step, ...], state: str, left_from: str | None) -> int:
    """The step a case is at; a case that left the path (withdrawn) is shown at the step it
    left from (``left_from``), or at the first step when that is unknown."""
    index = step_index(steps, state)
    if index is None and left_from:
        index = step_index(steps, left_from)
    return index or 0
