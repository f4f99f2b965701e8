"""The site's external address: the one base for every absolute link pulje writes.

A link in a mail or a PDF must never be built from the request: the Host header (or a proxy's
X-Forwarded-Host) is whatever the sender typed, so a receipt would carry an attacker's address
to the mailbox of their choice. The address is configuration instead, one setting for the web,
the services (mails written by ``pulje daily``) and the CLI alike: EXTERNAL_URL
(PULJE_EXTERNAL_URL, e.g. ``https://pulje.domibolig.dk``), else what ``make run`` serves.
The web's side of it (refusing other hosts) is pulje.web.addresses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_app_context

DEVELOPMENT_URL = "http://localhost:5000"


def external_base() -> str:
    """The configured external address, without a trailing slash."""
    if not has_app_context():
        return DEVELOPMENT_URL
    return (current_app.config.get("EXTERNAL_URL") or DEVELOPMENT_URL).rstrip("/")


def external_url(endpoint: str, **values) -> str:
    """The absolute address of ``endpoint`` on the configured site, whatever a request says.

    Works without a request too (the CLI's and the daily job's mails): the URL map is bound to
    the configured address, including a path prefix such as ``https://domibolig.dk/pulje``.
    """
    parts = urlsplit(external_base())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def private_link(token: str) -> str:
    """The resident's private link to their case, absolute, on the configured address."""
    if has_app_context():
        return external_url("resident.case", token=token)
    # A service called with no app at all (the services' own tests): the resident
    # blueprint's route on the development address.
    return f"{DEVELOPMENT_URL}/sag/{token}"
