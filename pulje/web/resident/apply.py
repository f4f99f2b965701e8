"""The application form (with budget rows that work without JavaScript) and the receipt."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import get_locale, gettext
from sqlmodel import Session
from werkzeug.utils import redirect

from forms.application import MAX_LINES, ApplicationForm
from pulje import clock
from pulje.db import get_session
from pulje.services.attachments import add_attachment, check_file
from pulje.services.errors import WorkflowError
from pulje.services.queries import case_by_token, departments_in_order
from pulje.services.rulesets import purpose_labels, purposes_of
from pulje.services.submission import (
    ApplicationInput,
    ApplicationRefused,
    BudgetLineInput,
    Problem,
    application_problems,
    open_pool,
    submit_application,
)
from pulje.uploads import upload_folder
from pulje.web.resident import bp, public_organisation, purposes_in_language
from pulje.web.rule_text import in_language
from workflows.fields import APPLICATION, BUDGET_LINE


def department_choices(session: Session, organisation_id: int) -> list[tuple[str, str]]:
    """The organisation's departments for the select, in number order."""
    return [("", gettext("Vælg afdeling"))] + [
        (d.number, f"{d.number} {d.name}") for d in departments_in_order(session, organisation_id,
                                                            current_only=True)]


def _text(field, limit: int) -> str:
    # A field over its length is refused by the form; the rest is still judged meanwhile.
    return (field.data or "").strip()[:limit]


def _field(form: ApplicationForm, name: str) -> str:
    return _text(form[name], APPLICATION[name])


def application_input(form: ApplicationForm) -> ApplicationInput:
    """The form's data as the service takes it; what could not be read is left out."""
    return ApplicationInput(
        department_number=form.department.data or "",
        applicant_name=_field(form, "applicant_name"),
        applicant_address=_field(form, "applicant_address"),
        applicant_email=_field(form, "applicant_email"),
        applicant_phone=_field(form, "applicant_phone"),
        title=_field(form, "title"), purpose=_field(form, "purpose"),
        expected_participants=form.expected_participants.data,
        period_start=form.period_start.data, period_end=form.period_end.data,
        across_departments=bool(form.across_departments.data),
        short_notice=bool(form.short_notice.data), small_group=bool(form.small_group.data),
        language=str(get_locale()),
        link_only=bool(form.link_only.data and not (form.applicant_email.data or "").strip()),
        budget=[BudgetLineInput(description=_text(line.description, BUDGET_LINE["description"]),
                                amount=line.amount.data) for line in form.filled_lines()
                if isinstance(line.amount.data, int)])


def shown_problems(form: ApplicationForm, problems: list[Problem]) -> dict[str, list[str]]:
    """The rules' refusals by field, leaving out what the form already says at that field."""
    taken = {field.name for field in form if field.errors and field.name != "budget"}
    if any(entry.form.errors for entry in form.budget):
        taken.add("budget")
    shown: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field in taken:
            continue
        shown.setdefault(problem.field, []).append(
            in_language(problem.message, problem.template, problem.params))
    return shown


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
    today = clock.today()
    form = ApplicationForm()
    form.department.choices = department_choices(session, organisation.id)
    rule_errors: dict[str, list[str]] = {}
    status = 200
    try:
        pool = open_pool(session, organisation.id, today)
    except WorkflowError as exc:
        return render_template("resident/closed.html", message=exc.message), 200
    purposes = purpose_labels(session, pool)
    form.use_purposes(purposes_in_language(purposes))
    if request.method == "POST" and not edit_rows(form):
        # Every error in one round: the form's own and every rule's, each at its field.
        valid = form.validate()
        data = application_input(form)
        problems = application_problems(session, organisation, pool, data, today)
        upload = form.attachment.data
        refused_file = file_problem(upload)
        if refused_file is not None:
            problems.append(refused_file)
        if valid and not problems:
            try:
                application = submit_application(session, organisation.id, data, today=today)
            except ApplicationRefused as exc:
                problems = exc.problems
            except WorkflowError as exc:
                problems = [Problem("", "", exc.message)]
            else:
                refusal = _attach(session, application, upload)
                if refusal is None:
                    session.commit()
                    return redirect(url_for("resident.receipt", token=application.public_token))
                # A file that cannot be kept stops the whole application: nothing is stored.
                session.rollback()
                problems = [Problem("attachment", "input", refusal)]
        rule_errors = shown_problems(form, problems)
        status = 422
    return render_template(
        "resident/apply.html", form=form, pool=pool, organisation=organisation,
        purposes=purposes, purposes_required=purposes_of(pool)[1],
        rule_errors=rule_errors, summary=summary(form, rule_errors),
        total=form.budget_total(), max_lines=MAX_LINES), status


# The order of the form, so the summary reads top to bottom like the page.
FIELD_ORDER = ("", "applicant_name", "department", "applicant_address", "applicant_email",
               "link_only", "applicant_phone", "title", "purpose", "expected_participants",
               "period_start", "period_end", "purposes", "budget", "attachment")


def summary(form: ApplicationForm, rule_errors: dict[str, list[str]]) -> list:
    """Every error as (anchor, message) in the page's order; a general one as plain text."""
    items = [(field_id.split("-")[0], (field_id, message))
             for field_id, message in field_errors(form)]
    items += [(name, (name, m) if name else m)
              for name, messages in rule_errors.items() for m in messages]
    order = {name: i for i, name in enumerate(FIELD_ORDER)}
    return [item for _, item in sorted(items, key=lambda pair: order.get(pair[0], 99))]


def file_problem(upload) -> Problem | None:
    """Why the file sent with the application cannot be kept, asked before submitting."""
    if not upload or not upload.filename:
        return None
    data = upload.read()
    upload.seek(0)
    try:
        check_file(data)
    except WorkflowError as exc:
        return Problem("attachment", "input", exc.message)
    return None


def _attach(session: Session, application, upload) -> str | None:
    """Keep the quote sent with the application, if any; the refusal's message otherwise."""
    if not upload or not upload.filename:
        return None
    try:
        add_attachment(session, application, upload.read(), file_name=upload.filename,
                       folder=upload_folder())
    except WorkflowError as exc:
        return exc.message
    return None


@bp.get("/sag/<token>/kvittering")
def receipt(token: str):
    """The receipt: the case reference and the private link to follow the case."""
    application = case_by_token(get_session(), token)
    # The promise holds only while the case is open and the activity still lies ahead.
    promise = application.state in OPEN_BEFORE_DECISION and application.period_start > clock.today()
    return render_template(
        "resident/receipt.html", application=application, organisation=public_organisation(),
        link=url_for("resident.case", token=token, _external=True),
        promise_before_start=promise)


OPEN_BEFORE_DECISION = ("submitted", "in_review", "awaiting_info")
