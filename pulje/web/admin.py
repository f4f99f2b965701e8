"""The administrator's users page: invite, edit, deactivate and reactivate staff users.

The administrator never sees or types a password: an invited user chooses their own through
the mailed link. Everything is scoped to the administrator's own organisation.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.admin import EditUserForm, InviteForm
from pulje.db import get_session, write
from pulje.models import ROLES, utcnow
from pulje.services.errors import WorkflowError
from pulje.services.users import (
    invite_user,
    set_active,
    staff_of,
    update_user,
    user_in_organisation,
)
from pulje.web.account import token_link
from pulje.web.auth import current_organisation_id, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@role_required("admin")
def users():
    """List the organisation's users; invite one from the form."""
    session = get_session()
    organisation_id = current_organisation_id()
    form = InviteForm()
    if form.validate_on_submit():
        try:
            link_for = token_link("account.accept_invitation")
            user = write(lambda writing: invite_user(
                writing, organisation_id=organisation_id, email=form.email.data,
                name=form.name.data, role=form.role.data, now=utcnow(), link_for=link_for))
        except WorkflowError as exc:
            flash(f"Brugeren er ikke inviteret. {exc.message}", "error")
        else:
            flash(f"{user.name} er inviteret som {ROLES[user.role]}; invitationen er sendt til "
                  f"{user.email}.", "success")
            return redirect(url_for("admin.users"))
    staff = staff_of(session, organisation_id)
    # A POST that gets here was refused: say so in the status too.
    status = 422 if form.is_submitted() else 200
    return render_template("admin/users.html", form=form, staff=staff, roles=ROLES), status


@bp.route("/brugere/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    """Change a user's name and role."""
    session = get_session()
    user = user_in_organisation(session, current_organisation_id(), user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            user = write(lambda writing: update_user(
                writing, user_in_organisation(writing, current_organisation_id(), user_id),
                name=form.name.data, role=form.role.data))
        except WorkflowError as exc:
            flash(f"Brugeren er ikke ændret. {exc.message}", "error")
        else:
            flash(f"{user.name} er gemt.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_edit.html", form=form, user=user), status


@bp.post("/brugere/<int:user_id>/aktiv")
@role_required("admin")
def toggle_active(user_id: int):
    """Deactivate (their sessions end) or reactivate a user; never the last administrator."""
    session = get_session()
    user = user_in_organisation(session, current_organisation_id(), user_id)
    try:
        user = write(lambda writing: set_active(
            writing, user_in_organisation(writing, current_organisation_id(), user_id),
            not user.active))
    except WorkflowError as exc:
        flash(exc.message, "error")
    else:
        flash(f"{user.name} er {'genaktiveret' if user.active else 'deaktiveret'}.", "success")
    if user.id == current_user.id and not user.active:
        return redirect(url_for("auth.login"))
    return redirect(url_for("admin.users"))
