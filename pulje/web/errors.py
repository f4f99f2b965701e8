"""The Danish error pages: HTTP errors, a refused CSRF token, NotFound, TryAgain, rate limits."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from pulje.engine import TryAgain
from pulje.services.errors import NotFound
from pulje.web.limits import RateLimitExceeded, retry_after

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


def register_error_pages(app: Flask) -> None:
    """Show every error the app can reach on the Danish error page."""
    for code in ERRORS:
        app.register_error_handler(code, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(TryAgain, lambda exc: error_page(503, exc.message))
    app.register_error_handler(RateLimitExceeded, too_many_requests)


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
    body, code = error_page(429)
    return body, code, {"Retry-After": str(retry_after(exc))}


def csrf_error(_exc: CSRFError):
    """A post without a valid CSRF token: refused, with what to do about it."""
    return error_page(400, gettext("Formularen var for gammel eller manglede sit sikkerhedsfelt. "
                                   "Gå tilbage, genindlæs siden og prøv igen."))


def not_found(exc: NotFound):
    """A service's NotFound (unknown case, revoked link) as a 404 with its message."""
    return error_page(404, exc.message)
