"""Links by e-mail: accepting an invitation, "Glemt adgangskode?" and choosing a new password.

The forgotten-password page answers the same whether the address exists or not, and is
rate-limited (pulje.web.limits) like the login.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from forms.setup import ForgotPasswordForm, SetPasswordForm
from pulje.db import get_session
from pulje.models import utcnow
from pulje.services import user_links
from pulje.services.errors import InputError
from pulje.services.passwords import MIN_PASSWORD_LENGTH

bp = Blueprint("account", __name__)

SENT = ("Hvis adressen hører til en aktiv bruger, har vi sendt et link til at vælge en ny "
        "adgangskode. Linket virker i 2 timer.")


def token_link(endpoint: str):
    """Build this site's link for a mailed token."""
    return lambda token: url_for(endpoint, token=token, _external=True)


def _choose_password(token: str, purpose: str, heading: str):
    session = get_session()
    try:
        user = user_links.holder(session, token, purpose, now=utcnow())
    except InputError as exc:
        return render_template("auth/link_expired.html", message=exc.message), 410
    form = SetPasswordForm()
    form.password.description = f"Mindst {MIN_PASSWORD_LENGTH} tegn, ikke en almindelig kode."
    error = None
    if form.validate_on_submit():
        try:
            user_links.redeem(session, token, purpose, form.password.data, now=utcnow())
            session.commit()
        except InputError as exc:
            session.rollback()
            error = exc.message
        else:
            flash("Din adgangskode er gemt. Log ind med den.", "success")
            return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/set_password.html", form=form, user=user, heading=heading,
                           error=error), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The invited user chooses their own password."""
    return _choose_password(token, "invite", "Velkommen — vælg din adgangskode")


@bp.route("/nulstil/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """A user who forgot their password chooses a new one."""
    return _choose_password(token, "reset", "Vælg en ny adgangskode")


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
def forgot_password():
    """Mail a reset link; the same answer whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        session = get_session()
        user_links.request_reset(session, form.email.data, now=utcnow(),
                            link_for=token_link("account.reset_password"))
        session.commit()
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200
