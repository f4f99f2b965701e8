"""The resident's own case, opened by the private link: status, answer, withdraw, letter."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from forms.application import AnswerForm, AttachmentForm, WithdrawForm
from forms.outcome import ConsentWithdrawalForm
from pulje import clock
from pulje.db import get_session, write
from pulje.services import decisions, outcomes
from pulje.services.actors import Actor
from pulje.services.attachments import attachments_of
from pulje.services.case_status import case_view
from pulje.services.documents import decision_letter_data
from pulje.services.errors import WorkflowError
from pulje.services.notifications import mails_of_case
from pulje.web.private_links import private_case
from pulje.web.resident import bp
from pulje.web.resident.steps import case_steps, current_step
from pulje.web.site import already_read
from reports.letters import build_decision_letter_pdf


def render_status(token: str, *, answer_form: AnswerForm | None = None,
                  attachment_form: AttachmentForm | None = None, status: int = 200):
    """The status page; a refused answer keeps what was typed."""
    session = get_session()
    application = private_case(session, token)
    view = case_view(session, application)
    already_read(view.organisation)
    steps, exits = case_steps()
    may_report = outcomes.may_report(application, clock.today())
    return render_template(
        "resident/case.html", view=view, application=application, token=token,
        steps=steps, exits=exits,
        current_index=current_step(steps, application.state, view.left_from),
        answer_form=answer_form or AnswerForm(formdata=None),
        letter=view.letter_kind is not None,
        promise_before_start=application.period_start > clock.today(),
        may_report=may_report,
        # The page shows the report only where one may be given.
        report=outcomes.report_of(session, application) if may_report else None,
        consent_form=ConsentWithdrawalForm(formdata=None),
        mails=mails_of_case(session, application.id, resident_only=True),
        attachments=attachments_of(session, application.id),
        attachment_form=attachment_form or AttachmentForm(formdata=None)), status


@bp.get("/sag/<token>")
def case(token: str):
    """Where the case stands, what happens next, questions, decision, invoices and payments."""
    return render_status(token)


def _resident(application) -> Actor:
    return Actor.resident(application.applicant_name)


@bp.post("/sag/<token>/svar")
def answer(token: str):
    """The resident answers the caseworker's question."""
    application = private_case(get_session(), token)
    form = AnswerForm()
    try:
        if form.validate():
            write(lambda writing: decisions.answer(
                writing, private_case(writing, token), _resident(application), form.text.data))
    except WorkflowError as exc:
        form.text.errors = [exc.message]
    if form.errors:
        if application.state != "awaiting_info":
            # No question is open, so the page shows no answer field to carry the message.
            for message in form.text.errors:
                flash(message, "error")
        return render_status(token, answer_form=form, status=422)
    flash(gettext("Tak for dit svar. Sagsbehandleren arbejder videre med sagen."), "success")
    return redirect(url_for("resident.case", token=token))


@bp.route("/sag/<token>/traek-tilbage", methods=["GET", "POST"])
def withdraw(token: str):
    """Withdraw the application: a confirmation page first, then the step itself."""
    session = get_session()
    application = private_case(session, token)
    form = WithdrawForm()
    refusal = None
    if form.validate_on_submit():
        try:
            write(lambda writing: decisions.withdraw(
                writing, private_case(writing, token), _resident(application),
                form.reason.data or None))
        except WorkflowError as exc:
            refusal = exc.message
        else:
            flash(gettext("Ansøgningen er trukket tilbage."), "success")
            return redirect(url_for("resident.case", token=token))
    return render_template("resident/withdraw.html", application=application, form=form,
                           token=token, refusal=refusal,
                           view=case_view(session, application)), 422 if refusal else 200


@bp.get("/sag/<token>/tilsagn.pdf")
def approval_letter(token: str):
    """The approval letter (tilsagn) as PDF."""
    return letter_pdf(token, "tilsagn")


@bp.get("/sag/<token>/afslag.pdf")
def rejection_letter(token: str):
    """The rejection letter (afslag) with its reason, as PDF."""
    return letter_pdf(token, "afslag")


def letter_pdf(token: str, kind: str) -> Response:
    """The case's decision letter of ``kind``; 404 when the case has no such letter."""
    session = get_session()
    application = private_case(session, token)
    view = case_view(session, application)
    if kind != view.letter_kind:
        abort(404)
    pdf = build_decision_letter_pdf(decision_letter_data(session, application))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{kind}-{application.reference}.pdf"',
        "Cache-Control": "no-store"})
