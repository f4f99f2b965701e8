"""The ``pulje`` command: the Flask CLI with pulje's own commands added."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    """Add pulje's commands to the app's CLI."""
    from pulje.cli import admin, backup, cases, daily, exports, invoices, outbox, privacy, reports

    for module in (admin, cases, invoices, exports, reports, backup, outbox, privacy, daily):
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app():
    from pulje import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             load_dotenv=False)
def main() -> None:
    """pulje — fællesskabspuljen fra kommandolinjen."""
