"""The browser's protections: cookies, security headers (no-store on private pages), proxies."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

# Only our own files: no inline script or style, no third-party hosts, not framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
# A year, this host only: the organisation's other sites may not all speak HTTPS.
HSTS = "max-age=31536000"
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
REFERRER_POLICY = "same-origin"
# The areas whose pages anyone may see (the residents' pages, static files: no blueprint).
# Every other area is staff: each page and download shows a case, a person, money or a user,
# so a new area is never cached unless it is added here.
PUBLIC_BLUEPRINTS = frozenset({"resident", ""})


def trust_proxies(app: Flask) -> None:
    """Believe TRUSTED_PROXIES hops of X-Forwarded-For, -Proto and -Port; never -Host."""
    if app.config.get("TRUSTED_PROXIES"):
        hops = int(app.config["TRUSTED_PROXIES"])
        # Never the host: links and allowed hosts come from EXTERNAL_URL (pulje.web.addresses).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=hops)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure except on `make run`'s own address.

    The development server on http://127.0.0.1 cannot keep a Secure cookie in every browser;
    only there (Werkzeug's server, plain HTTP, a loopback host name) is the flag left off.
    Production servers (gunicorn) and every other host keep it.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app)) and not local_development()


def local_development() -> bool:
    """This request came to Werkzeug's development server over plain HTTP on a loopback name."""
    host = urlsplit(f"//{request.host}").hostname or ""
    return (not request.is_secure and host in LOOPBACK
            and request.environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug/"))


def configure_cookies(app: Flask) -> None:
    """HttpOnly, SameSite=Lax and Secure cookies; a login lasts a working day at most.

    Secure is left off for debugging, tests and INSECURE_COOKIES (an installation reached
    over plain HTTP on purpose, e.g. a test machine); an explicit SESSION_COOKIE_SECURE wins.
    """
    insecure = app.debug or app.testing or bool(app.config.get("INSECURE_COOKIES"))
    for prefix in ("SESSION", "REMEMBER"):
        if app.config.get(f"{prefix}_COOKIE_SECURE") is None:
            app.config[f"{prefix}_COOKIE_SECURE"] = not insecure
        app.config.setdefault(f"{prefix}_COOKIE_HTTPONLY", True)
        app.config.setdefault(f"{prefix}_COOKIE_SAMESITE", "Lax")
    # Flask's own defaults exist already (HttpOnly on, SameSite unset): say ours outright.
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault("REMEMBER_COOKIE_DURATION", app.config["PERMANENT_SESSION_LIFETIME"])
    app.session_interface = SessionInterface()


def security_headers(response):
    """CSP without inline script, referrers only to ourselves, no sniffing.

    The resident's link is a secret, so no other site may see it as a referrer; but our own
    forms must send one, because Flask-WTF refuses a POST over HTTPS without a same-origin
    Referer (WTF_CSRF_SSL_STRICT). ``same-origin`` gives both.
    """
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if private_response():
        response.headers["Cache-Control"] = "no-store"
    return response


def private_response() -> bool:
    """This response holds something only its own user may see, so no cache may keep it.

    A shared computer's browser cache, or a proxy, would otherwise hold a case page, an
    application PDF or the payments file (with bank accounts) after the user logged out. Only
    public pages and static files (the start page, the empty form, CSS) may be cached.
    """
    blueprint = (request.blueprint or "").split(".", 1)[0]
    return (blueprint not in PUBLIC_BLUEPRINTS
            or "token" in (request.view_args or {})
            or request.method not in ("GET", "HEAD")
            or bool(current_user and current_user.is_authenticated))
