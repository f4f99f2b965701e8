"""Web fixtures: the app on a migrated SQLite file with the demo data, a client, a login helper.

CSRF protection is on, as in production; the clients put the form's token into their posts
(tests/web/csrf_client.py), and a test of the refusal posts with ``csrf=False``.

The demo database is built once per test session (migrations + pulje.demo.load_demo) and
copied for each test, so every test starts from the same data and may change it freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import FileSystemBytecodeCache
from sqlmodel import select
from werkzeug.security import generate_password_hash

from pulje import create_app
from pulje.demo import DEMO_PASSWORD, load_demo
from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import upgrade
from pulje.models import User
from tests.web.csrf_client import CsrfClient

DEMO_CVR = "30000005"


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """A SQLite file brought to the newest schema and filled with the demo data."""
    path = tmp_path_factory.mktemp("web-demo") / "demo.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with transaction(session_factory(engine)) as session:
            load_demo(session)
            # Lab shortcut: the demo users' hashes are made again with one PBKDF2 round. A
            # login takes the same path (werkzeug reads the method from the stored hash), but
            # each scrypt check costs about 0,1 s of CPU and the web tests log in hundreds of
            # times. test_sessions.py checks logins against the production hash method.
            for user in session.exec(select(User)):
                user.password_hash = generate_password_hash(DEMO_PASSWORD,
                                                            method="pbkdf2:sha256:1")
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory) -> FileSystemBytecodeCache:
    """Jinja's compiled templates, kept for the whole run: every test builds its own app, and
    each app's Jinja environment would otherwise parse and compile every template it renders
    again (a third of the web tests' time). Production runs one app per process."""
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja")))


@pytest.fixture
def app_factory(demo_database, compiled_templates, tmp_path) -> Callable[..., Flask]:
    """Build an app on this test's own copy of the demo database; config overrides allowed."""
    apps: list[Flask] = []

    def build(**config) -> Flask:
        database = tmp_path / f"pulje-{len(apps)}.sqlite"
        shutil.copy(demo_database, database)
        settings = {
            "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": f"sqlite:///{database}",
            "ORGANISATION_CVR": DEMO_CVR, "WTF_CSRF_ENABLED": True,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SERVER_NAME": "pulje.test",
        }
        settings.update(config)
        app = create_app(settings)
        app.jinja_env.bytecode_cache = compiled_templates
        # Posts carry the form's CSRF token as a browser's would (tests/web/csrf_client.py).
        app.test_client_class = CsrfClient
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.extensions["pulje.engine"].dispose()


@pytest.fixture
def app(app_factory) -> Flask:
    """The app with CSRF checks on, as in production; its clients send the token."""
    return app_factory()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login() -> Callable:
    """Log ``client`` in as the demo user with this e-mail; returns the login response."""

    def log_in(client: FlaskClient, email: str, password: str = DEMO_PASSWORD):
        return client.post("/login", data={"email": email, "password": password})

    return log_in
