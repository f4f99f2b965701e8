"""Logs without the residents' private links: ``/sag/<token>`` is written ``/sag/[skjult]``.

The token is the only key to a resident's case, so an access log that holds it is a list of
keys for everyone who can read the logs (operators, log shippers, backups). Three writers see
request paths and referers: Werkzeug's development server, gunicorn's access log, and Flask's
own "Exception on /path" line; each gets the same redaction.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

# A token is secrets.token_urlsafe(32): 43 URL-safe characters. Case references on the staff
# pages (/sagsbehandling/sag/2025-0007) are far shorter and stay readable.
TOKEN_PATH = re.compile(r"(/sag/)[A-Za-z0-9_-]{20,}")
HIDDEN = r"\1[skjult]"
# gunicorn's default line, with the referer and user agent; the redaction covers every field.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def redact(text: str) -> str:
    """``text`` with every private-link token replaced."""
    return TOKEN_PATH.sub(HIDDEN, text)


class RedactTokens(logging.Filter):
    """A logging filter that writes each record's message with the tokens redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(logger: logging.Logger) -> None:
    """Add the redaction to ``logger`` (once, however many apps are made)."""
    if not any(isinstance(existing, RedactTokens) for existing in logger.filters):
        logger.addFilter(RedactTokens())


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger whose access-log fields (request line, path, referer, headers and
    environment values) never hold a private-link token."""

    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}
