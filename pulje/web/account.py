"""Links by e-mail: accepting an invitation, "Glemt adgangskode?" and choosing a new password.

The forgotten-password page answers the same whether the address exists or not, and is
rate-limited (pulje.web.limits) like the login.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from forms.setup import ForgotPasswordForm, SetPasswordForm
from pulje.db import get_session, write
from pulje.models import utcnow
from pulje.services import user_links
from pulje.services.errors import InputError
from pulje.services.passwords import MIN_PASSWORD_LENGTH
from pulje.services.users import end_sessions
from pulje.web.addresses import external_url

bp = Blueprint("account", __name__)

SENT = ("Hvis adressen hører til en aktiv bruger, har vi sendt et link til at vælge en ny "
        "adgangskode. Linket virker i 2 timer.")


def token_link(endpoint: str):
    """Build this site's link for a mailed token: on the configured address, never the Host
    header, or a reset requested with a forged host would mail the secret to that host."""
    return lambda token: external_url(endpoint, token=token)


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
        password = form.password.data

        def choose(writing):
            chosen = user_links.redeem(writing, token, purpose, password, now=utcnow())
            # A new password ends whatever sessions the old one opened.
            end_sessions(writing, chosen.id)

        try:
            write(choose)
        except InputError as exc:
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
        email, link_for = form.email.data, token_link("account.reset_password")
        write(lambda writing: user_links.request_reset(writing, email, now=utcnow(),
                                                       link_for=link_for))
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200
