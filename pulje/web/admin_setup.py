"""The administrator's set-up pages: the organisation's details, its departments (with a CSV
import and its preview), and its pool years with their rules.

Views are thin: the services in pulje.services.{organisations,departments,rulesets} decide.
Everything is scoped to the logged-in administrator's own organisation.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlmodel import select

from forms.setup import (
    AccountsForm,
    DepartmentForm,
    DepartmentImportForm,
    HomesForm,
    OpenPoolForm,
    OrganisationForm,
    RenameDepartmentForm,
    RulesForm,
)
from pulje import clock
from pulje.db import get_session, write
from pulje.models import Department, ExportSettings, Organisation, Pool
from pulje.services import departments as dept
from pulje.services import journal, rulesets
from pulje.services.errors import NotFound, WorkflowError
from pulje.services.organisations import OrganisationInput, update_organisation
from pulje.services.queries import pool_for_year
from pulje.web.auth import current_organisation_id, role_required

bp = Blueprint("admin_setup", __name__, url_prefix="/admin")


def _commit_or_say(step, failure: str) -> bool:
    """Run ``step(session)`` through the one write path; on a refusal flash why.

    True when it was committed. The step looks up what it changes in the session it is given.
    """
    try:
        write(step)
    except WorkflowError as exc:
        flash(f"{failure} {exc.message}", "error")
        return False
    return True


@bp.route("/organisation", methods=["GET", "POST"])
@role_required("admin")
def organisation():
    """The organisation's name, CVR, contact and invoice details."""
    org = get_session().get(Organisation, current_organisation_id())
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        data = OrganisationInput(**{name: getattr(form, name).data or "" for name in (
            "name", "legal_name", "cvr", "address", "phone", "email", "invoice_address",
            "invoice_email", "ean")})
        if _commit_or_say(lambda writing: update_organisation(
                writing, writing.get(Organisation, org.id), data),
                          "Oplysningerne er ikke gemt."):
            flash("Organisationens oplysninger er gemt.", "success")
            return redirect(url_for("admin_setup.organisation"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/organisation.html", form=form,
                           accounts=_accounts_form(formdata=None)), status


def _accounts_form(**kwargs) -> AccountsForm:
    settings = get_session().get(ExportSettings, current_organisation_id())
    return AccountsForm(obj=settings, prefix="accounts", **kwargs)


@bp.post("/organisation/bogfoering")
@role_required("admin")
def accounts():
    """The journal's expense and bank accounts (the bookkeeping export needs both)."""
    accounts = _accounts_form()
    if accounts.validate_on_submit():
        organisation_id = current_organisation_id()
        if _commit_or_say(lambda writing: journal.set_accounts(
                writing, organisation_id,
                expense_account=accounts.expense_account.data,
                bank_account=accounts.bank_account.data), "Kontiene er ikke gemt."):
            flash("Bogføringskontiene er gemt.", "success")
            return redirect(url_for("admin_setup.organisation") + "#bogfoering")
    org = get_session().get(Organisation, current_organisation_id())
    return render_template("admin/organisation.html", form=OrganisationForm(obj=org,
                           formdata=None), accounts=accounts), 422


def _department(department_id: int, session=None) -> Department:
    department = (session or get_session()).get(Department, department_id)
    if department is None or department.organisation_id != current_organisation_id():
        raise NotFound("Afdelingen findes ikke.")
    return department


@bp.route("/afdelinger", methods=["GET", "POST"])
@role_required("admin")
def departments():
    """The departments; add one."""
    session = get_session()
    organisation_id = current_organisation_id()
    form = DepartmentForm()
    if form.validate_on_submit():
        if _commit_or_say(lambda writing: dept.set_homes(writing, dept.add_department(
                writing, organisation_id, number=form.number.data, name=form.name.data,
                address=form.address.data or ""), form.homes.data),
                "Afdelingen er ikke oprettet."):
            flash(f"Afdeling {form.number.data.strip()} er oprettet.", "success")
            return redirect(url_for("admin_setup.departments"))
    rows = session.exec(select(Department).where(Department.organisation_id == organisation_id)
                        .order_by(Department.retired, Department.number)).all()
    status = 422 if form.is_submitted() else 200
    return render_template("admin/departments.html", form=form, departments=rows,
                           rename=RenameDepartmentForm(), homes_form=HomesForm(),
                           import_form=DepartmentImportForm()), status


@bp.post("/afdelinger/<int:department_id>/navn")
@role_required("admin")
def rename_department(department_id: int):
    department = _department(department_id)
    form = RenameDepartmentForm()
    if not form.validate_on_submit():
        flash("Skriv afdelingens nye navn.", "error")
    elif _commit_or_say(lambda writing: dept.rename_department(
            writing, _department(department_id, writing), name=form.name.data),
            "Navnet er ikke ændret."):
        flash(f"Afdeling {department.number} hedder nu {form.name.data.strip()}.", "success")
    return redirect(url_for("admin_setup.departments"))


@bp.post("/afdelinger/<int:department_id>/boliger")
@role_required("admin")
def department_homes(department_id: int):
    """Set a department's number of homes (for reach per 100 homes), or make it unknown."""
    department = _department(department_id)
    form = HomesForm()
    if not form.validate_on_submit():
        why = form.homes.errors[0] if form.homes.errors else ""
        flash(f"Antallet af boliger er ikke gemt. {why}".strip(), "error")
    elif _commit_or_say(lambda writing: dept.set_homes(
            writing, _department(department_id, writing), form.homes.data),
            "Antallet af boliger er ikke gemt."):
        told = f"{form.homes.data} boliger" if form.homes.data else "ukendt antal boliger"
        flash(f"Afdeling {department.number} {department.name}: {told}.", "success")
    return redirect(url_for("admin_setup.departments"))


@bp.post("/afdelinger/<int:department_id>/brug")
@role_required("admin")
def retire_department(department_id: int):
    """Retire a department (its cases stay) or bring it back."""
    department = _department(department_id)
    retire = not department.retired
    if _commit_or_say(lambda writing: dept.set_retired(
            writing, _department(department_id, writing), retire),
            "Afdelingen er ikke ændret."):
        state = "taget ud af brug" if retire else "i brug igen"
        flash(f"Afdeling {department.number} {department.name} er {state}.", "success")
    return redirect(url_for("admin_setup.departments"))


@bp.route("/afdelinger/import", methods=["POST"])
@role_required("admin")
def import_departments():
    """First a preview of what the CSV would change; the confirming post carries it out."""
    session = get_session()
    organisation_id = current_organisation_id()
    form = DepartmentImportForm()
    upload = form.file.data
    try:
        text = dept.read_csv(upload.read()) if upload else (form.csv.data or "")
    except WorkflowError as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin_setup.departments"))
    if not form.validate_on_submit() or not text.strip():
        flash("Vælg en CSV-fil eller indsæt linjerne: nummer;navn;adresse, én pr. linje.",
              "error")
        return redirect(url_for("admin_setup.departments"))
    # The preview carries the text on, so the confirming post changes exactly what was shown.
    form.csv.data = text
    plan = dept.plan_import(session, organisation_id, text)
    if plan.ok and "confirm" in request.form:
        write(lambda writing: dept.apply_import(writing, organisation_id, text))
        flash(f"{len(plan.new)} nye og {len(plan.changed)} ændrede afdelinger er indlæst.",
              "success")
        return redirect(url_for("admin_setup.departments"))
    return render_template("admin/department_import.html", form=form, plan=plan), (
        200 if plan.ok else 422)


def _rules_input(form: RulesForm) -> rulesets.RuleSetInput:
    return rulesets.RuleSetInput(
        total=form.total.data, cap=form.cap.data, purposes=form.purposes,
        purposes_required=form.purposes_required.data,
        invoice_deadline_days=form.invoice_deadline_days.data, title=form.title.data,
        approved_on=form.approved_on.data, text=form.text.data or "")


def _fill(form: RulesForm, rule_set) -> None:
    form.total.data, form.cap.data = rule_set.total, rule_set.cap
    for field, text in zip((form.purpose_1, form.purpose_2, form.purpose_3),
                           rule_set.purposes, strict=False):
        field.data = text
    form.purposes_required.data = rule_set.purposes_required
    form.invoice_deadline_days.data = rule_set.invoice_deadline_days
    form.title.data, form.approved_on.data = rule_set.title, rule_set.approved_on
    form.text.data = rule_set.text


@bp.route("/puljer", methods=["GET", "POST"])
@role_required("admin")
def pools():
    """The pool years; open the next one with a copy of the newest rules, editable."""
    session = get_session()
    organisation_id = current_organisation_id()
    today = clock.today()
    rows = session.exec(select(Pool).where(Pool.organisation_id == organisation_id)
                        .order_by(Pool.year.desc())).all()
    form = OpenPoolForm()
    if form.validate_on_submit():
        if _commit_or_say(lambda writing: rulesets.open_pool(
                writing, organisation_id, form.year.data, today=today,
                rules=_rules_input(form)), "Puljen er ikke åbnet."):
            flash(f"Puljen {form.year.data} er åbnet.", "success")
            return redirect(url_for("admin_setup.pools"))
    elif not form.is_submitted():
        form.year.data = (rows[0].year + 1) if rows else today.year
        newest = rulesets.current_rule_set(session, rows[0]) if rows else None
        if newest is not None:
            _fill(form, newest)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/pools.html", form=form, pools=rows), status


@bp.route("/puljer/<int:year>", methods=["GET", "POST"])
@role_required("admin")
def rules(year: int):
    """A pool year's rule versions; change the rules (a new version once cases use them)."""
    session = get_session()
    pool = pool_for_year(session, current_organisation_id(), year)
    form = RulesForm()
    if form.validate_on_submit():
        # Next year's pool changed in December takes effect when it opens.
        valid_from = form.valid_from.data or max(clock.today(), pool.opens_on)
        if _commit_or_say(lambda writing: rulesets.change_rules(
                writing, writing.get(Pool, pool.id), _rules_input(form), valid_from=valid_from,
                today=clock.today()),
                "Reglerne er ikke ændret."):
            flash(f"Reglerne for puljen {year} er gemt.", "success")
            return redirect(url_for("admin_setup.rules", year=year))
    elif not form.is_submitted():
        current = rulesets.current_rule_set(session, pool)
        if current is not None:
            _fill(form, current)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/rules.html", form=form, pool=pool,
                           history=rulesets.rule_history(session, pool)), status
