"""Every command pulje adds to the Flask CLI, registered on the app by the app factory."""

from __future__ import annotations

from flask import Flask

from pulje.cli import (
    admin,
    backup,
    cases,
    daily,
    exports,
    invoices,
    mail,
    outbox,
    privacy,
    reports,
    search,
    setup,
)

COMMAND_MODULES = (admin, setup, cases, invoices, exports, reports, backup, outbox, mail, privacy,
                   daily, search)


def register_commands(app: Flask) -> None:
    """Add pulje's commands to the app's CLI."""
    for module in COMMAND_MODULES:
        for command in module.COMMANDS:
            app.cli.add_command(command)
