"""The web application's shell: language, time zone, CSRF, login, filters, errors, blueprints,
and the browser's protections: cookies, security headers, rate limits."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel, format_date, format_datetime, get_babel, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from pulje import access_log
from pulje.database import get_session
from pulje.models import Organisation, User
from pulje.services.errors import NotFound, TryAgain
from pulje.services.queries import organisation_by_cvr
from pulje.web.addresses import configure_addresses
from pulje.web.caching import no_store
from workflows.money import format_money

# Danish is the site's language; another is offered once its catalogue is compiled.
LANGUAGES = {"da": "Dansk", "en": "English"}
LANG_COOKIE = "pulje_lang"
# Danish long dates ("5. marts 2026", "kl. 14.30"); other languages use Babel's own patterns.
PATTERNS = {"da": {"date": "d. MMMM y", "datetime": "d. MMMM y 'kl.' HH.mm"},
            "en": {"date": "d MMMM y", "datetime": "d MMMM y, HH:mm"}}
# Only our own files: no inline script or style, no third-party hosts, not framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
# A year, this host only: the organisation's other sites may not all speak HTTPS.
HSTS = "max-age=31536000"
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
ERRORS = {
    400: (_l("Noget gik galt"), _l("Siden kunne ikke forstå det, der blev sendt. Prøv igen.")),
    403: (_l("Ingen adgang"), _l("Du har ikke adgang til denne side.")),
    404: (_l("Siden findes ikke"),
          _l("Vi kan ikke finde siden. Tjek adressen, eller gå til forsiden.")),
    405: (_l("Det kan ikke lade sig gøre"), _l("Siden kan ikke bruges på den måde.")),
    413: (_l("Filen er for stor"), _l("Det sendte fylder for meget: en fil må højst være 10 MB. "
                                      "Intet er gemt.")),
    429: (_l("For mange forsøg"), _l("For mange forsøg — vent et øjeblik og prøv igen.")),
    500: (_l("Der skete en fejl"),
          _l("Der skete en fejl hos os. Prøv igen om lidt — intet er gemt.")),
    503: (_l("Prøv igen om lidt"), TryAgain.MESSAGE),
}

babel = Babel()
csrf = CSRFProtect()
REFERRER_POLICY = "same-origin"
login_manager = LoginManager()


def init_web(app: Flask) -> None:
    """Attach Babel, CSRF protection, Flask-Login, filters, error pages and the blueprints."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "da")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Copenhagen")
    configure_cookies(app)
    if app.config.get("TRUSTED_PROXIES"):
        hops = int(app.config["TRUSTED_PROXIES"])
        # Never the host: links and allowed hosts come from EXTERNAL_URL (pulje.web.addresses).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=hops)
    configure_addresses(app)
    for logger in (app.logger, logging.getLogger("werkzeug")):
        access_log.install(logger)
    babel.init_app(app, locale_selector=select_locale)
    app.extensions["pulje.languages"] = available_languages(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.localize_callback = str  # the lazy message in the visitor's language
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)

    app.add_template_filter(format_money, "money")
    app.add_template_filter(date_filter, "date")
    app.add_template_filter(datetime_filter, "datetime")
    app.context_processor(shell_context)
    app.after_request(security_headers)
    app.after_request(remember_language)
    app.after_request(no_store)
    for code in ERRORS:
        app.register_error_handler(code, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(TryAgain, lambda exc: error_page(503, exc.message))

    from pulje.web import admin, auth, board, caseworker, resident
    from pulje.web.limits import RateLimitExceeded, init_limits
    from pulje.web.params import init_params

    init_params(app)
    for module in (auth, resident, caseworker, board, admin):
        app.register_blueprint(module.bp)
    init_limits(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)


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


def available_languages(app: Flask) -> dict[str, str]:
    """Danish, and each language of LANGUAGES with a compiled catalogue (messages.mo)."""
    config = get_babel(app)
    return {code: name for code, name in LANGUAGES.items() if code == "da" or any(
        (Path(folder) / code / "LC_MESSAGES" / f"{config.default_domain}.mo").is_file()
        for folder in config.translation_directories)}


def select_locale() -> str:
    """Danish unless the visitor chose another offered language (?lang=, kept in a cookie)."""
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    # A language without a catalogue would give Danish text under lang="en": never offer it.
    return chosen if chosen in current_app.extensions["pulje.languages"] else "da"


def remember_language(response):
    """Keep an explicit ?lang= choice for the next pages."""
    chosen = request.args.get("lang")
    if chosen in current_app.extensions["pulje.languages"]:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def load_user(user_id: str):
    """The logged-in staff user for Flask-Login; deactivated, logged-out and expired sessions
    are refused (pulje.web.sessions)."""
    from pulje.web.auth import StaffUser
    from pulje.web.sessions import session_is_current

    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    current = user is not None and user.active and session_is_current(user)
    return StaffUser(user) if current else None


def site_organisation() -> Organisation | None:
    """The organisation this site serves: the staff user's own, else ORGANISATION_CVR's."""
    if "site_organisation" not in g:
        session = get_session()
        if current_user.is_authenticated:
            g.site_organisation = session.get(Organisation, current_user.organisation_id)
        else:
            try:
                g.site_organisation = organisation_by_cvr(
                    session, current_app.config.get("ORGANISATION_CVR"))
            except NotFound:
                g.site_organisation = None
    return g.site_organisation


def _pattern(kind: str) -> str:
    return PATTERNS.get(str(get_locale()), PATTERNS["da"])[kind]


def date_filter(value: date | datetime | None, pattern: str | None = None) -> str:
    """A date in words, in the chosen language ("5. marts 2026")."""
    return format_date(value, pattern or _pattern("date")) if value else ""


def datetime_filter(value: datetime | None, pattern: str | None = None) -> str:
    """An aware instant in Copenhagen time ("5. marts 2026 kl. 14.30")."""
    return format_datetime(value, pattern or _pattern("datetime")) if value else ""


def shell_context() -> dict:
    """What base.html needs on every page."""
    return {"site_organisation": site_organisation(),
            "languages": current_app.extensions["pulje.languages"],
            "current_language": str(get_locale())}


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
    return response


def error_page(code: int, message: str | None = None):
    """The Danish error page for ``code``."""
    title, text = ERRORS.get(code, ERRORS[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or text), code


def http_error(exc: HTTPException):
    """Flask's HTTP errors on the Danish error page."""
    return error_page(getattr(exc, "code", None) or 500)


def too_many_requests(exc):
    """A rate limit was reached: the Danish page, and when to try again."""
    from pulje.web.limits import retry_after

    body, code = error_page(429)
    return body, code, {"Retry-After": str(retry_after(exc))}


def csrf_error(_exc: CSRFError):
    """A post without a valid CSRF token: refused, with what to do about it."""
    return error_page(400, gettext("Formularen var for gammel eller manglede sit sikkerhedsfelt. "
                                   "Gå tilbage, genindlæs siden og prøv igen."))


def not_found(exc: NotFound):
    """A service's NotFound (unknown case, revoked link) as a 404 with its message."""
    return error_page(404, exc.message)
