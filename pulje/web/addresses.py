"""The hosts the site answers, checked against its external address (pulje.addresses).

Links are built on the configured address (pulje.addresses, re-exported here for the views).
With EXTERNAL_URL set, requests naming another host are refused (Flask's TRUSTED_HOSTS)
unless TRUSTED_HOSTS says otherwise.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.exceptions import SecurityError

from pulje.addresses import DEVELOPMENT_URL, external_base, external_url

__all__ = ["configure_addresses", "external_base", "external_url", "untrusted_host"]
log = logging.getLogger(__name__)


def configure_addresses(app: Flask) -> None:
    """Check EXTERNAL_URL and derive TRUSTED_HOSTS from it when they are not given."""
    app.register_error_handler(SecurityError, untrusted_host)
    url = app.config.get("EXTERNAL_URL")
    if not url and app.config.get("PUBLIC_URL"):
        # The setting's old name (PULJE_PUBLIC_URL) still works; docs/DEPLOYMENT.md says so.
        log.warning("PULJE_PUBLIC_URL is deprecated: set PULJE_EXTERNAL_URL instead")
        url = app.config["EXTERNAL_URL"] = app.config["PUBLIC_URL"]
    if not url:
        if not (app.debug or app.testing):
            log.warning("PULJE_EXTERNAL_URL is not set: links in mails point to %s",
                        DEVELOPMENT_URL)
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise RuntimeError(f"PULJE_EXTERNAL_URL must be like https://pulje.example.dk, not {url!r}")
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [parts.hostname]


def untrusted_host(_exc: SecurityError):
    """A request for a host this site is not: refused in plain text.

    The usual error page cannot be drawn: it links to our pages, and no URL can be built for
    a host we do not serve.
    """
    return ("Ukendt værtsnavn: denne adresse hører ikke til puljens websted.", 400,
            {"Content-Type": "text/plain; charset=utf-8"})
