"""Rate limits: staff logins per address and per e-mail, residents' posts per address, the
private-link pages per address.

The numbers are settings (RATELIMIT_LOGIN, RATELIMIT_RESIDENT, RATELIMIT_PRIVATE_LINK,
RATELIMIT_LINKS for the link mails one address may be sent); the counters live in
RATELIMIT_STORAGE_URI: ``memory://`` counts per process (each gunicorn worker on its own),
``redis://…`` (PULJE_RATELIMIT_STORAGE) counts once for every worker and machine. Addresses
are the client's only when TRUSTED_PROXIES says which forwarded headers to believe; behind
an untrusted proxy every visitor shares the proxy's address and its limit.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

TOO_MANY = "For mange forsøg — vent et øjeblik og prøv igen."


def login_email() -> str:
    """The e-mail tried, so guessing one account's password from many addresses is slow too."""
    return "email:" + (request.form.get("email") or "").strip().casefold()[:200]


def links_email() -> str:
    """The address asked for, so one inbox is not flooded with link mails from many hosts."""
    return "links:" + (request.form.get("email") or "").strip().casefold()[:200]


def apply_cost() -> int:
    """Adding or removing a budget row (no JavaScript) writes and sends nothing: free."""
    return 0 if "add_line" in request.form or "remove_line" in request.form else 1


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def init_limits(app: Flask) -> Limiter:
    """A limiter of this app's own (tests build many apps) on the routes that take guesses
    or write; call after the blueprints are registered."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions["pulje.limiter"] = limiter
    app.config.setdefault("RATELIMIT_LINKS", "3 per hour")
    login, resident = _setting("RATELIMIT_LOGIN"), _setting("RATELIMIT_RESIDENT")
    limits = {
        "auth.login": [limiter.limit(login, methods=["POST"], error_message=TOO_MANY),
                       limiter.limit(login, key_func=login_email, methods=["POST"],
                                     error_message=TOO_MANY)],
        "account.forgot_password": [
            limiter.limit(login, methods=["POST"], error_message=TOO_MANY),
            limiter.limit(login, key_func=login_email, methods=["POST"],
                          error_message=TOO_MANY)],
        "resident.apply": [limiter.limit(resident, methods=["POST"], cost=apply_cost,
                                         error_message=TOO_MANY)],
        "resident.answer": [limiter.limit(resident, methods=["POST"], error_message=TOO_MANY)],
        "resident.page_room": [limiter.limit(_setting("RATELIMIT_METER"), methods=["POST"],
                                             error_message=TOO_MANY)],
        "resident.attach": [limiter.limit(resident, methods=["POST"], error_message=TOO_MANY)],
        "resident.withdraw": [limiter.limit(resident, methods=["POST"],
                                            error_message=TOO_MANY)],
        "resident.outcome": [limiter.limit(resident, methods=["POST"], error_message=TOO_MANY)],
        "resident.withdraw_consent": [limiter.limit(resident, methods=["POST"],
                                                    error_message=TOO_MANY)],
        "resident.lost_link": [
            limiter.limit(resident, methods=["POST"], error_message=TOO_MANY),
            limiter.limit(_setting("RATELIMIT_LINKS"), key_func=links_email, methods=["POST"],
                          error_message=TOO_MANY)],
    }
    # The private-link pages (/sag/<token>…) share one counter per address, so guessing
    # links is slow whichever page the guesses go to; a resident reading their case is far
    # below it.
    private_link = limiter.shared_limit(_setting("RATELIMIT_PRIVATE_LINK"), scope="private-link",
                                        methods=["GET", "HEAD"], error_message=TOO_MANY)
    for rule in app.url_map.iter_rules():
        if "token" in rule.arguments and rule.endpoint.startswith("resident."):
            limits.setdefault(rule.endpoint, []).append(private_link)
    for endpoint, decorators in limits.items():
        view = app.view_functions[endpoint]
        for decorate in decorators:
            view = decorate(view)
        app.view_functions[endpoint] = view
    return limiter


def retry_after(exc: RateLimitExceeded) -> int:
    """Seconds until the breached limit's window is over at the latest."""
    return int(exc.limit.limit.get_expiry())


__all__ = ["TOO_MANY", "RateLimitExceeded", "init_limits", "retry_after"]
