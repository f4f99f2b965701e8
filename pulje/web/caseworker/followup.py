"""The caseworker's follow-up on a case: an answer received by phone or letter, internal notes,
the resident's files."""

from __future__ import annotations

from pathlib import Path

from flask import send_from_directory

from forms.caseworker import DuplicateForm, InternalNoteForm, ReceivedAnswerForm
from pulje.db import get_session
from pulje.models import Application, Pool, ResidentAttachment
from pulje.services import decisions
from pulje.services.duplicates import judge
from pulje.services.errors import NotFound
from pulje.services.notes import add_note
from pulje.uploads import upload_folder
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp

# The steps' own form handling (validate, take the step, commit or show why not).
from pulje.web.caseworker import actions as steps


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


@bp.post("/sag/<reference>/dublet")
@role_required(*STAFF)
def judge_duplicate(reference: str):
    """Record whether a possible duplicate is the same project (then the cap is shared)."""
    form = DuplicateForm(prefix="duplicate")
    same = form.same_project.data == "ja"
    return steps.run_step(
        reference, f"duplicate-{form.other.data}", form,
        lambda s, a: judge(s, a, form.other.data, steps.actor(), same_project=same),
        "Gemt: samme projekt. Loftet gælder sagerne tilsammen." if same
        else "Gemt: to forskellige projekter.")


@bp.get("/bilag/<int:attachment_id>")
@role_required(*STAFF)
def attachment_file(attachment_id: int):
    """A resident's file, for the organisation's staff: always a download, sandboxed (it came
    from outside), under its cleaned name and the type its content was checked to be."""
    session = get_session()
    attachment = session.get(ResidentAttachment, attachment_id)
    application = session.get(Application, attachment.application_id) if attachment else None
    if application is None or session.get(Pool, application.pool_id).organisation_id \
            != current_organisation_id():
        raise NotFound("Filen findes ikke.")
    response = send_from_directory(upload_folder(), Path(attachment.file_path).name,
                                   mimetype=attachment.mimetype,
                                   download_name=attachment.file_name, as_attachment=True,
                                   max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
