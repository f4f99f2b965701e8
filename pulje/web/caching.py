"""Which responses no cache may keep: staff pages, downloads with personal data, private links.

A shared computer's browser cache, or a proxy between it and us, would otherwise hold a case
page, an application PDF or the payments file (with bank accounts) after the user logged out.
Only the public pages and static files (the start page, the empty form, CSS) may be cached.
"""

from __future__ import annotations

from flask import request
from flask_login import current_user

# Every page and download of these blueprints shows a case, a person, money or a user.
STAFF_BLUEPRINTS = frozenset({"caseworker", "board", "admin", "auth"})


def private_response() -> bool:
    """This response holds something only its own user may see."""
    blueprint = (request.blueprint or "").split(".", 1)[0]
    return (blueprint in STAFF_BLUEPRINTS
            or "token" in (request.view_args or {})
            or request.method not in ("GET", "HEAD")
            or bool(current_user and current_user.is_authenticated))


def no_store(response):
    """``Cache-Control: no-store`` on every private response (after_request)."""
    if private_response():
        response.headers["Cache-Control"] = "no-store"
    return response
