"""The resident's short report after the activity, on the private link, and consent withdrawal."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from forms.outcome import ConsentWithdrawalForm
from pulje import clock
from pulje.db import get_session, write
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.errors import WorkflowError
from pulje.web.outcome_form import form_errors, outcome_form, photo_response, save_from_form
from pulje.web.private_links import private_case
from pulje.web.resident import bp


@bp.route("/sag/<token>/afrapportering", methods=["GET", "POST"])
def outcome(token: str):
    """The two-minute report: participants, departments, a few words, again?, photos, consent."""
    session = get_session()
    application = private_case(session, token)
    today = clock.today()
    if not outcomes.may_report(application, today):
        abort(404)
    report = outcomes.report_of(session, application)
    form = outcome_form(session, application, report)
    # Read with the field (aria-describedby), so a screen reader hears it with the question.
    form.participants.description = gettext("I forventede ca. %(count)s deltagere.",
                                            count=application.expected_participants)
    refusal = None
    if form.validate_on_submit():
        refusal = save_from_form(session, application,
                                 Actor.resident(application.applicant_name), form, today)
        if refusal is None:
            flash(gettext("Tak! Din afrapportering er gemt."), "success")
            return redirect(url_for("resident.case", token=token))
    photos = outcomes.photos_of(session, report)
    status = 422 if refusal or form.errors else 200
    return render_template("resident/outcome.html", application=application, token=token,
                           form=form, report=report, photos=photos, max_photos=outcomes.MAX_PHOTOS,
                           refusal=refusal,
                           errors=form_errors(form)), status


@bp.post("/sag/<token>/afrapportering/samtykke")
def withdraw_consent(token: str):
    """Take back the consent to show the photos publicly."""
    application = private_case(get_session(), token)
    if not ConsentWithdrawalForm().validate():
        abort(400)
    actor = Actor.resident(application.applicant_name)
    try:
        write(lambda writing: outcomes.withdraw_consent(writing, private_case(writing, token),
                                                        actor))
    except WorkflowError as exc:
        flash(gettext(exc.message), "error")
        return redirect(url_for("resident.case", token=token))
    flash(gettext("Billederne vises ikke længere offentligt."), "success")
    return redirect(url_for("resident.case", token=token))


@bp.get("/sag/<token>/afrapportering/billede/<int:photo_id>")
def outcome_photo(token: str, photo_id: int):
    """One of the case's own photos, for the resident who holds the link."""
    session = get_session()
    application = private_case(session, token)
    return photo_response(outcomes.photos_of(session, outcomes.report_of(session, application)),
                          photo_id)

