"""The caseworker's follow-up on a case: an answer received by phone or letter, internal notes."""

from __future__ import annotations

from forms.caseworker import InternalNoteForm, ReceivedAnswerForm
from pulje.services import decisions
from pulje.services.notes import add_note

# The module, not its names: caseworker.py imports this file while caseworker_actions may
# itself still be loading.
from pulje.web import caseworker_actions as steps
from pulje.web.auth import role_required
from pulje.web.caseworker import STAFF, bp


@bp.post("/sag/<reference>/svar-modtaget")
@role_required(*STAFF)
def record_answer(reference: str):
    """Type in the answer the resident gave by phone or letter; the case returns to review."""
    form = ReceivedAnswerForm(prefix="answer")
    return steps.run_step(reference, "answer", form,
                    lambda s, a: decisions.answer(s, a, steps.actor(), form.text.data,
                                                  channel=form.channel.data),
                    "Svaret er registreret, og sagen er tilbage under behandling.")


@bp.post("/sag/<reference>/note")
@role_required(*STAFF)
def add_internal_note(reference: str):
    """Keep an internal note on the case (staff only)."""
    form = InternalNoteForm(prefix="note")
    return steps.run_step(reference, "note", form,
                    lambda s, a: add_note(s, a, steps.actor(), form.body.data),
                    "Noten er gemt. Den ses kun af organisationens medarbejdere.")
