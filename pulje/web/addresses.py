"""The site's external address: the one base for every absolute link, and the hosts it answers.

A link in a mail or a PDF must never be built from the request: the Host header (or a proxy's
X-Forwarded-Host) is whatever the sender typed, so a receipt would carry an attacker's address
to the mailbox of their choice. The address is configuration instead: EXTERNAL_URL
(PULJE_EXTERNAL_URL, e.g. ``https://pulje.domibolig.dk``), else SERVER_NAME with
PREFERRED_URL_SCHEME, else make run's own ``http://localhost:5000``. With EXTERNAL_URL set,
requests naming another host are refused (Flask's TRUSTED_HOSTS) unless TRUSTED_HOSTS says
otherwise.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.exceptions import SecurityError

DEVELOPMENT_URL = "http://localhost:5000"
log = logging.getLogger(__name__)


def configure_addresses(app: Flask) -> None:
    """Check EXTERNAL_URL and derive TRUSTED_HOSTS from it when they are not given."""
    app.register_error_handler(SecurityError, untrusted_host)
    url = app.config.get("EXTERNAL_URL")
    if not url:
        if not (app.config.get("SERVER_NAME") or app.debug or app.testing):
            log.warning("PULJE_EXTERNAL_URL is not set: links in mails point to %s",
                        DEVELOPMENT_URL)
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise RuntimeError(f"PULJE_EXTERNAL_URL must be like https://pulje.example.dk, not {url!r}")
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [parts.hostname]


def external_base() -> str:
    """The configured external address, without a trailing slash."""
    config = current_app.config
    if config.get("EXTERNAL_URL"):
        return config["EXTERNAL_URL"].rstrip("/")
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    return DEVELOPMENT_URL


def external_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` on the configured site, whatever the request says.

    Works without a request too (the CLI's mails): the URL map is bound to the configured
    address, including a path prefix such as ``https://domibolig.dk/pulje``.
    """
    parts = urlsplit(external_base())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def untrusted_host(_exc: SecurityError):
    """A request for a host this site is not: refused in plain text.

    The usual error page cannot be drawn: it links to our pages, and no URL can be built for
    a host we do not serve.
    """
    return ("Ukendt værtsnavn: denne adresse hører ikke til puljens websted.", 400,
            {"Content-Type": "text/plain; charset=utf-8"})
