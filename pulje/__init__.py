"""pulje: case handling for a housing organisation's community grant pool (fællesskabspulje)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

from pulje import db
from pulje.cli.commands import register_commands
from pulje.web import init_web
from workflows.clock import COPENHAGEN

# The key the project once shipped as a default: public, so it never signs anything.
KNOWN_KEYS = {"dev-only-change-me"}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: config from defaults, instance/config.py, environment, test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE_URL=None,
        ORGANISATION_CVR=os.environ.get("PULJE_ORGANISATION_CVR"),
        BABEL_DEFAULT_LOCALE="da",
        BABEL_DEFAULT_TIMEZONE=COPENHAGEN.key,
        # Uploads are invoices (PDF, XML); the e-invoice reader has its own, smaller limit.
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        # None: decided in pulje.web (Secure unless debugging, testing or INSECURE_COOKIES).
        SESSION_COOKIE_SECURE=None,
        REMEMBER_COOKIE_SECURE=None,
        INSECURE_COOKIES=False,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        # Rate limits (pulje.web.limits): per process in memory, shared when Redis is named.
        RATELIMIT_STORAGE_URI=os.environ.get("PULJE_RATELIMIT_STORAGE", "memory://"),
        RATELIMIT_LOGIN="10 per minute",
        RATELIMIT_RESIDENT="20 per hour",
        # The accessibility statement: "fully", "partially" or "not" compliant with WCAG 2.1 AA,
        # the content known not to be accessible, and the day the site was last reviewed.
        ACCESSIBILITY_STATUS="partially",
        ACCESSIBILITY_ISSUES=("pdf",),
        ACCESSIBILITY_REVIEWED="2026-11-30",
        # The space meter asks at most every half second while someone types.
        RATELIMIT_METER="120 per minute",
        RATELIMIT_PRIVATE_LINK="60 per minute",
        # Reverse proxies in front whose X-Forwarded-For/-Proto/-Port are to be believed.
        TRUSTED_PROXIES=0,
        # The site's address for every link in mails and PDFs (pulje.addresses).
        EXTERNAL_URL=None,
        # A resident's private link works this many days after the case ended.
        LINK_TTL_DAYS=365,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("PULJE")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"] or app.config["SECRET_KEY"] in KNOWN_KEYS:
        app.config["SECRET_KEY"] = (secrets.token_hex(32) if app.testing
                                    else instance_secret_key(Path(app.instance_path)))

    db.init_app(app)
    register_commands(app)
    init_web(app)
    return app


def instance_secret_key(instance: Path) -> str:
    """The key in instance/secret_key, made (random, readable only by us) the first time.

    So `make run` works without configuration and no installation signs with a known key.
    Several workers may start at once: the file appears whole (written aside, then linked) or
    not at all, and whoever links second reads the first one's key.
    """
    path = instance / "secret_key"
    try:
        if not path.exists():
            _write_key(instance, path)
        key = path.read_text().strip()
    except OSError as exc:
        raise RuntimeError(f"No SECRET_KEY configured and {path} cannot be made ({exc}); "
                           "set PULJE_SECRET_KEY.") from exc
    if len(key) < 32:
        raise RuntimeError(f"{path} holds too short a key; delete it to get a new one.")
    return key


def _write_key(instance: Path, path: Path) -> None:
    draft = instance / f".secret_key.{secrets.token_hex(8)}"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32))
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
