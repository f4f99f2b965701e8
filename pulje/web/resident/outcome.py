"""The resident's short report after the activity, on the private link, and consent withdrawal."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext
from wtforms import SelectChoice

from forms.outcome import ConsentWithdrawalForm, OutcomeForm
from pulje.db import get_session
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.errors import WorkflowError
from pulje.services.queries import case_by_token
from pulje.uploads import upload_folder
from pulje.web.resident import bp


def outcome_form(session, application, report) -> OutcomeForm:
    """The report form, filled in from the report when there is one."""
    form = OutcomeForm(obj=report) if report else OutcomeForm()
    form.departments.choices = [SelectChoice(d.id, f"{d.number} {d.name}") for d in
                                outcomes.organisation_departments(session, application)]
    if report is not None and not form.is_submitted():
        form.departments.data = [d.id for d in outcomes.reached_departments(session, report)]
        form.again.data = {True: "yes", False: "no"}.get(report.again)
    return form


def save_from_form(session, application, actor: Actor, form: OutcomeForm) -> str | None:
    """Save the report from a valid form; a refusal's Danish message, else None.

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
                             folder=upload_folder(), today=date.today())
    except WorkflowError as exc:
        session.rollback()
        return exc.message
    session.commit()
    return None


@bp.route("/sag/<token>/afrapportering", methods=["GET", "POST"])
def outcome(token: str):
    """The two-minute report: participants, departments, a few words, again?, photos, consent."""
    session = get_session()
    application = case_by_token(session, token)
    if not outcomes.may_report(application, date.today()):
        abort(404)
    report = outcomes.report_of(session, application)
    form = outcome_form(session, application, report)
    refusal = None
    if form.validate_on_submit():
        refusal = save_from_form(session, application,
                                 Actor.resident(application.applicant_name), form)
        if refusal is None:
            flash(gettext("Tak! Din afrapportering er gemt."), "success")
            return redirect(url_for("resident.case", token=token))
    photos = outcomes.photos_of(session, report)
    status = 422 if refusal or form.errors else 200
    return render_template("resident/outcome.html", application=application, token=token,
                           form=form, report=report, photos=photos, refusal=refusal,
                           errors=[(form[name].id, message) for name, messages in
                                   form.errors.items() if name != "csrf_token"
                                   for message in messages]), status


@bp.post("/sag/<token>/afrapportering/samtykke")
def withdraw_consent(token: str):
    """Take back the consent to show the photos publicly."""
    session = get_session()
    application = case_by_token(session, token)
    form = ConsentWithdrawalForm()
    if not form.validate():
        abort(400)
    try:
        outcomes.withdraw_consent(session, application,
                                  Actor.resident(application.applicant_name))
    except WorkflowError as exc:
        flash(exc.message, "error")
        return redirect(url_for("resident.case", token=token))
    session.commit()
    flash(gettext("Billederne vises ikke længere offentligt."), "success")
    return redirect(url_for("resident.case", token=token))


@bp.get("/sag/<token>/afrapportering/billede/<int:photo_id>")
def outcome_photo(token: str, photo_id: int):
    """One of the case's own photos, for the resident who holds the link."""
    session = get_session()
    application = case_by_token(session, token)
    report = outcomes.report_of(session, application)
    photo = next((p for p in outcomes.photos_of(session, report) if p.id == photo_id), None)
    if photo is None:
        abort(404)
    response = send_from_directory(upload_folder(), photo.file_path, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
