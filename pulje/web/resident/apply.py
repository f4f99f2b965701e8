"""The application form (with budget rows that work without JavaScript) and the receipt."""

from __future__ import annotations

from datetime import date

from flask import render_template, request, url_for
from flask_babel import get_locale, gettext
from sqlmodel import Session
from werkzeug.utils import redirect

from forms.application import MAX_LINES, ApplicationForm
from pulje.db import get_session, write
from pulje.services.attachments import add_attachment
from pulje.services.errors import InputError, RuleViolation, WorkflowError
from pulje.services.queries import departments_in_order
from pulje.services.rulesets import purpose_labels, purposes_of
from pulje.services.submission import (
    ApplicationInput,
    BudgetLineInput,
    open_pool,
    submit_application,
)
from pulje.uploads import upload_folder
from pulje.web.addresses import external_url
from pulje.web.private_links import private_case
from pulje.web.resident import bp, public_organisation

# Where a refused rule is shown: next to this field (else at the top of the form).
RULE_FIELDS = {"R3": "purpose", "R5": "purposes"}


def department_choices(session: Session, organisation_id: int) -> list[tuple[str, str]]:
    """The organisation's departments for the select, in number order."""
    return [("", gettext("Vælg afdeling"))] + [
        (d.number, f"{d.number} {d.name}") for d in departments_in_order(session, organisation_id,
                                                            current_only=True)]


def application_input(form: ApplicationForm) -> ApplicationInput:
    """The form's data as the service takes it."""
    return ApplicationInput(
        department_number=form.department.data or "",
        applicant_name=form.applicant_name.data.strip(),
        applicant_address=(form.applicant_address.data or "").strip(),
        applicant_email=(form.applicant_email.data or "").strip(),
        applicant_phone=(form.applicant_phone.data or "").strip(),
        title=form.title.data.strip(), purpose=form.purpose.data.strip(),
        expected_participants=form.expected_participants.data,
        period_start=form.period_start.data, period_end=form.period_end.data,
        across_departments=form.across_departments.data, short_notice=form.short_notice.data,
        small_group=form.small_group.data,
        language=str(get_locale()),
        link_only=bool(form.link_only.data and not (form.applicant_email.data or "").strip()),
        budget=[BudgetLineInput(description=line.description.data.strip(),
                                amount=line.amount.data) for line in form.filled_lines()])


def edit_rows(form: ApplicationForm) -> bool:
    """Add or remove a budget row when one of those buttons was pressed; True if so."""
    if "add_line" in request.form:
        if len(form.budget) < MAX_LINES:
            form.budget.append_entry()
        return True
    remove = request.form.get("remove_line")
    if remove is None:
        return False
    form.budget.entries = [e for e in form.budget.entries if e.name != f"budget-{remove}"]
    if not form.budget.entries:
        form.budget.append_entry()
    return True


def field_errors(form: ApplicationForm) -> list[tuple[str, str]]:
    """Every field error as (field id, message), for the summary at the top."""
    found = []
    for field in form:
        if field.name == "budget":
            for number, entry in enumerate(field.entries, start=1):
                for sub in entry.form:
                    found += [(sub.id, gettext("Budgetlinje %(number)s: %(error)s",
                                                number=number, error=e))
                               for e in sub.errors]
        elif field.errors and field.name != "csrf_token":
            found += [(field.id, message) for message in field.errors]
    return found


@bp.route("/ansoeg", methods=["GET", "POST"])
def apply():
    """The application form; on submit the service checks the rules, then the receipt."""
    organisation = public_organisation()
    session = get_session()
    today = date.today()
    form = ApplicationForm()
    form.department.choices = department_choices(session, organisation.id)
    rule_errors: dict[str, list[str]] = {}
    status = 200
    try:
        pool = open_pool(session, organisation.id, today)
    except WorkflowError as exc:
        return render_template("resident/closed.html", message=exc.message), 200
    purposes = purpose_labels(session, pool)
    form.use_purposes(purposes)
    if request.method == "POST" and not edit_rows(form):
        if form.validate():
            data = application_input(form)
            upload = form.attachment.data
            # Read once: a retried transaction must not find the stream already consumed.
            attachment = (upload.filename, upload.read()) if upload and upload.filename else None

            def submit(writing: Session) -> str:
                # The receipt goes out from the service (pulje.services.notifications).
                application = submit_application(writing, organisation.id, data, today=today)
                if attachment is not None:
                    _attach(writing, application, *attachment)
                return application.public_token

            try:
                token = write(submit)
            except AttachmentRefused as exc:
                # A file that cannot be kept stops the whole application: nothing is stored.
                rule_errors["attachment"] = [exc.message]
            except RuleViolation as exc:
                rule_errors.setdefault(RULE_FIELDS.get(exc.rule, ""), []).append(exc.message)
            except WorkflowError as exc:
                rule_errors.setdefault("", []).append(exc.message)
            else:
                return redirect(url_for("resident.receipt", token=token))
        status = 422
    return render_template(
        "resident/apply.html", form=form, pool=pool, organisation=organisation,
        purposes=purposes, purposes_required=purposes_of(pool)[1],
        rule_errors=rule_errors, summary=field_errors(form) + [
            (name, m) if name else m for name, messages in rule_errors.items() for m in messages],
        total=form.budget_total(), max_lines=MAX_LINES), status


class AttachmentRefused(InputError):
    """The file sent with the application cannot be kept; shown at the file field."""


def _attach(session: Session, application, file_name: str, content: bytes) -> None:
    """Keep the quote sent with the application; a refusal rolls the application back too."""
    try:
        add_attachment(session, application, content, file_name=file_name,
                       folder=upload_folder())
    except WorkflowError as exc:
        raise AttachmentRefused(exc.message) from exc


@bp.get("/sag/<token>/kvittering")
def receipt(token: str):
    """The receipt: the case reference and the private link to follow the case."""
    application = private_case(get_session(), token)
    return render_template(
        "resident/receipt.html", application=application, organisation=public_organisation(),
        link=external_url("resident.case", token=token))
