"""The caseworker enters (or corrects) the short report for the resident, and sees its photos."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from pulje import clock
from pulje.db import get_session
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.queries import case_by_reference
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp
from pulje.web.outcome_form import form_errors, outcome_form, photo_response, save_from_form

NOT_YET = ("Der kan først gives en afrapportering, når aktiviteten er afholdt (perioden er "
           "slut, eller sagen er afsluttet).")


@bp.route("/sag/<reference>/afrapportering", methods=["GET", "POST"])
@role_required(*STAFF)
def outcome(reference: str):
    """The report form, filled in by the caseworker from what the resident told them."""
    session = get_session()
    application = case_by_reference(session, current_organisation_id(), reference)
    today = clock.today()
    report = outcomes.report_of(session, application)
    form = outcome_form(session, application, report)
    refusal = None
    if request.method == "POST" and not outcomes.may_report(application, today):
        refusal = NOT_YET
    elif form.validate_on_submit():
        staff = Actor(current_user.role, current_user.name, current_user.id)
        refusal = save_from_form(session, application, staff, form, today)
        if refusal is None:
            flash("Afrapporteringen er gemt.", "success")
            return redirect(url_for("caseworker.case", reference=reference) + "#afrapportering")
    status = 422 if refusal or form.errors else 200
    return render_template("caseworker/outcome.html", app=application, form=form,
                           may_report=outcomes.may_report(application, today),
                           photos=outcomes.photos_of(session, report),
                           max_photos=outcomes.MAX_PHOTOS, refusal=refusal,
                           errors=form_errors(form)), status


@bp.get("/sag/<reference>/afrapportering/billede/<int:photo_id>")
@role_required(*STAFF)
def outcome_photo(reference: str, photo_id: int):
    """A photo from the case's report (internal whether or not consent was given)."""
    session = get_session()
    application = case_by_reference(session, current_organisation_id(), reference)
    return photo_response(outcomes.photos_of(session, outcomes.report_of(session, application)),
                          photo_id)
