"""pulje: case handling for a housing organisation's community grant pool (fællesskabspulje)."""

from __future__ import annotations

import os

from flask import Flask

from pulje import database


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app: config from defaults, instance/config.py, environment, test_config."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("PULJE_SECRET_KEY", "dev-only-change-me"),
        DATABASE_URL=None,
        ORGANISATION_CVR=os.environ.get("PULJE_ORGANISATION_CVR"),
        BABEL_DEFAULT_LOCALE="da",
        BABEL_DEFAULT_TIMEZONE="Europe/Copenhagen",
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("PULJE")
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    database.init_app(app)

    from pulje.cli import register_commands

    register_commands(app)

    from pulje.web import init_web

    init_web(app)
    return app
