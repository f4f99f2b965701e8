"""The administrator's page: the organisation's staff users, and a form to add one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlmodel import select

from forms.admin import UserForm
from pulje.db import get_session, write
from pulje.models import ROLES, User
from pulje.services.errors import WorkflowError
from pulje.services.users import MIN_PASSWORD_LENGTH, create_user
from pulje.web.auth import current_organisation_id, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@role_required("admin")
def users():
    """List the organisation's users; create one from the form."""
    session = get_session()
    organisation_id = current_organisation_id()
    form = UserForm()
    form.password.description = f"Mindst {MIN_PASSWORD_LENGTH} tegn."
    if form.validate_on_submit():
        try:
            user = write(lambda writing: create_user(
                writing, organisation_id=organisation_id, email=form.email.data,
                name=form.name.data, role=form.role.data, password=form.password.data))
        except WorkflowError as exc:
            flash(f"Brugeren er ikke oprettet. {exc.message}", "error")
        else:
            flash(f"{user.name} er oprettet som {ROLES[user.role]}.", "success")
            return redirect(url_for("admin.users"))
    staff = session.exec(select(User).where(User.organisation_id == organisation_id)
                         .order_by(User.name)).all()
    # A POST that gets here was refused: say so in the status too.
    status = 422 if form.is_submitted() else 200
    return render_template("admin/users.html", form=form, users=staff, roles=ROLES), status
