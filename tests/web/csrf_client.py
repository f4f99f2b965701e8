"""A Flask test client that posts like the browser: with the form's CSRF token and Referer.

The web tests run with CSRF protection on, as production does. A form rendered in a browser
carries the session's token in a hidden field; this client puts the same token (signed from
the session, as Flask-WTF's generate_csrf does) into every POST, PUT, PATCH or DELETE whose
form data lacks one, and over https:// adds the same-origin Referer our Referrer-Policy lets
browsers send. ``csrf=False`` posts exactly what was given, for the tests of the refusal.
"""

from __future__ import annotations

import hashlib
import os

from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class CsrfClient(FlaskClient):
    """FlaskClient that adds the CSRF token (and Referer over HTTPS) to form posts."""

    def open(self, *args, csrf: bool = True, **kwargs):
        method = str(kwargs.get("method", "GET")).upper()
        config = self.application.config
        if csrf and method in WRITES and config.get("WTF_CSRF_ENABLED", True):
            field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
            data = kwargs.get("data")
            # A copy: a test's form dict may be reused by the next post (another session).
            if data is None:
                data = {}
            elif isinstance(data, MultiDict):
                data = data.copy()
            elif isinstance(data, dict):
                data = dict(data)
            if isinstance(data, dict | MultiDict) and field not in data:
                # The session of the address posted to, as the request will present it.
                where = {key: kwargs[key] for key in ("base_url", "environ_base",
                                                      "environ_overrides") if key in kwargs}
                data[field] = self.csrf_token(*args[:1], **where)
                kwargs["data"] = data
            base = kwargs.get("base_url") or ""
            url = str(args[0]) if args and isinstance(args[0], str) else ""
            secure = base.startswith("https://") or url.startswith("https://")
            headers = dict(kwargs.get("headers") or {})
            if secure and "Referer" not in headers:
                origin = base.rstrip("/") if base else url.split("/", 3)[:3]
                headers["Referer"] = (origin if isinstance(origin, str)
                                      else "/".join(origin)) + "/"
                kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def csrf_token(self, *args, **kwargs) -> str:
        """The token a form rendered now would carry (the session's, signed); the arguments
        say which request's session (see FlaskClient.session_transaction)."""
        config = self.application.config
        field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        with self.session_transaction(*args, **kwargs) as session:
            if field not in session:
                session[field] = hashlib.sha1(os.urandom(64)).hexdigest()
            raw = session[field]
        secret = config.get("WTF_CSRF_SECRET_KEY") or self.application.secret_key
        return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)
