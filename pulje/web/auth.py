"""Staff login and logout, the role check every staff page uses, and the user's organisation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import UserMixin, current_user, login_user, logout_user

from forms.auth import LoginForm
from pulje.db import get_session, write
from pulje.models import User
from pulje.services.users import authenticate, end_sessions
from pulje.web.extensions import login_manager
from pulje.web.sessions import session_is_current, start_session

bp = Blueprint("auth", __name__)


def N_(message: str) -> str:
    """Mark ``message`` for pybabel extract (a default keyword); it is translated where shown."""
    return message


WRONG_LOGIN = N_("Forkert e-mail eller adgangskode.")

# Where each role starts after logging in.
ROLE_HOME = {"caseworker": "caseworker.queue", "board": "board.dashboard",
             "admin": "caseworker.queue"}


class StaffUser(UserMixin):
    """The logged-in user as Flask-Login sees it: a copy of the row's fields, not the row.

    SQLModel rows refuse the attributes Flask-Login adds, and a copy outlives the request's
    database session.
    """

    def __init__(self, user: User):
        self.id = user.id
        self.organisation_id = user.organisation_id
        self.email = user.email
        self.name = user.name
        self.role = user.role
        self.active = user.active

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot log in (Flask-Login asks)."""
        return self.active


def load_user(user_id: str) -> StaffUser | None:
    """The logged-in staff user for Flask-Login; deactivated, logged-out and expired sessions
    are refused (pulje.web.sessions)."""
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    current = user is not None and user.active and session_is_current(user)
    return StaffUser(user) if current else None


def role_required(*roles: str) -> Callable:
    """Let only logged-in users with one of ``roles`` in: anonymous → login, wrong role → 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def current_organisation_id() -> int:
    """The logged-in staff user's organisation; the staff pages show only its cases."""
    if not current_user.is_authenticated:
        abort(403)
    return current_user.organisation_id


def home_url() -> str:
    """The logged-in user's start page."""
    return url_for(ROLE_HOME.get(current_user.role, "resident.start"))


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (never another host), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a staff user in; one message for every wrong combination (no user enumeration)."""
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data, form.password.data)
        if user is None:
            failed = True
        else:
            target = safe_next(request.args.get("next"))
            # A new session on login, so a session id known before it is worth nothing after.
            session.clear()
            login_user(StaffUser(user))
            start_session(user)
            flash(gettext("Du er logget ind som %(name)s.", name=user.name), "success")
            return redirect(target or home_url())
    form.password.data = None
    return render_template("auth/login.html", form=form, failed=failed,
                           message=gettext(WRONG_LOGIN)), 200


@bp.post("/logout")
def logout():
    """Log out here and on every other device: every session of the user ends (server side)."""
    if current_user.is_authenticated:
        user_id = current_user.id
        write(lambda writing: end_sessions(writing, user_id))
    logout_user()
    session.clear()
    flash(gettext("Du er logget ud."), "success")
    return redirect(url_for("auth.login"))
