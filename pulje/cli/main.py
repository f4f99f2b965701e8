"""The ``pulje`` command: the Flask CLI with pulje's own commands added."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from pulje import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False,
             load_dotenv=False)
def main() -> None:
    """pulje — fællesskabspuljen fra kommandolinjen."""
