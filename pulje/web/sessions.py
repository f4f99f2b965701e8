"""A staff login's life: at most one working day from the login, and over at logout everywhere.

The session cookie is signed, not stored, so the server cannot delete it; instead it carries
two facts checked on every request by the user loader: when the user logged in (the 8-hour
limit counts from there, however busy the user is since) and the user's session generation at
that moment (logout and deactivation raise the user's generation, so every copy of every
cookie made before is refused).
"""

from __future__ import annotations

from flask import current_app, session

from pulje import clock
from pulje.models import User

LOGIN_AT = "pulje_login_at"
GENERATION = "pulje_generation"


def now() -> float:
    """Seconds since the epoch, from the one clock (a function, so tests can move it)."""
    return clock.now().timestamp()


def start_session(user: User) -> None:
    """Record the login's moment and the user's generation in the new session."""
    session[LOGIN_AT] = int(now())
    session[GENERATION] = user.session_generation


def session_is_current(user: User) -> bool:
    """Whether this session's login is under the limit and not ended by logout or deactivation.

    A refused session is emptied, so the stale login is gone from the cookie too.
    """
    login_at = session.get(LOGIN_AT)
    limit = current_app.permanent_session_lifetime.total_seconds()
    current = (isinstance(login_at, int) and 0 <= now() - login_at < limit
               and session.get(GENERATION) == user.session_generation)
    if not current:
        session.clear()
    return current
