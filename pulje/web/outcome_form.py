"""The short report's form as both the resident and the caseworker fill it in, and its photos."""

from __future__ import annotations

from datetime import date

from flask import abort, send_from_directory
from flask_babel import gettext
from sqlmodel import Session
from wtforms import SelectChoice

from forms.outcome import OutcomeForm
from pulje.models import Application, OutcomePhoto, OutcomeReport
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.errors import WorkflowError
from pulje.uploads import upload_folder


def outcome_form(session: Session, application: Application,
                 report: OutcomeReport | None) -> OutcomeForm:
    """The report form with the organisation's departments, filled in from ``report``."""
    form = OutcomeForm(obj=report) if report else OutcomeForm()
    form.departments.choices = [SelectChoice(d.id, f"{d.number} {d.name}") for d in
                                outcomes.organisation_departments(session, application)]
    if report is not None and not form.is_submitted():
        form.departments.data = [d.id for d in outcomes.reached_departments(session, report)]
        form.again.data = {True: "yes", False: "no"}.get(report.again)
    return form


def save_from_form(session: Session, application: Application, actor: Actor,
                   form: OutcomeForm, today: date) -> str | None:
    """Save the report from a valid form and commit; a refusal's Danish message, else None.

    The service writes photo files only after every check has passed, so a refusal leaves
    no file behind.
    """
    data = outcomes.OutcomeInput(
        participants=form.participants.data, department_ids=list(form.departments.data or ()),
        story=form.story.data or "", again=form.again_value(),
        photo_consent=bool(form.photo_consent.data))
    try:
        outcomes.save_report(session, application, actor, data,
                             photos=[f.read() for f in form.photo_uploads()],
                             folder=upload_folder(), today=today)
    except WorkflowError as exc:
        session.rollback()
        # The services' refusals are Danish texts marked N_: the reader's language if known.
        return gettext(exc.message)
    session.commit()
    return None


def form_errors(form: OutcomeForm) -> list[tuple[str, str]]:
    """(field id, message) for the error summary at the top of the form."""
    return [(form[name].id, message) for name, messages in form.errors.items()
            if name != "csrf_token" for message in messages]


def photo_response(photos: list[OutcomePhoto], photo_id: int):
    """The photo among ``photos`` with this id, never cached by a shared cache; else 404."""
    photo = next((p for p in photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    response = send_from_directory(upload_folder(), photo.file_path, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
