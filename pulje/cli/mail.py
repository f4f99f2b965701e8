"""``pulje mail send`` and ``pulje mail worker``: the outbox handed to the SMTP server."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from pulje.db import sessions
from pulje.engine import TryAgain
from pulje.services.mail_delivery import Report, SmtpSettings, send_due

log = logging.getLogger(__name__)


def _settings() -> SmtpSettings:
    try:
        settings = SmtpSettings.from_config(current_app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if settings is None:
        raise click.ClickException(
            "Ingen SMTP-server er sat op: sæt PULJE_MAIL_SMTP_HOST (se docs/DEPLOYMENT.md).")
    return settings


def _say(report: Report) -> None:
    click.echo(f"Sendt: {report.sent} · prøves igen senere: {report.retrying} · "
               f"opgivet: {report.given_up}")


@click.group("mail")
def mail_group() -> None:
    """Send udbakkens e-mails over SMTP."""


@mail_group.command("send")
@with_appcontext
def send_command() -> None:
    """Send de e-mails, der venter nu, og stop."""
    report = send_due(sessions(), _settings())
    _say(report)


@mail_group.command("worker")
@click.option("--interval", default=None, type=click.FloatRange(min=0.1),
              help="Sekunder mellem to gennemløb af udbakken (ellers MAIL_WORKER_INTERVAL, 15).")
@click.option("--if-configured", is_flag=True,
              help="Stop uden fejl, hvis ingen SMTP-server er sat op (sådan starter gunicorn den).")
@with_appcontext
def worker_command(interval: float | None, if_configured: bool) -> None:
    """Send e-mails løbende, indtil processen får SIGTERM eller Ctrl-C (til drift)."""
    if if_configured and not current_app.config.get("MAIL_SMTP_HOST"):
        click.echo("Ingen SMTP-server er sat op (PULJE_MAIL_SMTP_HOST): e-mails bliver i udbakken.")
        return
    settings = _settings()
    interval = interval or float(current_app.config.get("MAIL_WORKER_INTERVAL") or 15)
    factory = sessions()
    with stop_on_signals() as stop:
        click.echo(f"Sender udbakken hvert {interval:g}. sekund til {settings.host}:"
                   f"{settings.port} ({settings.tls}).")
        while not stop.is_set():
            try:
                report = send_due(factory, settings, stop=stop)
            except (SQLAlchemyError, TryAgain) as exc:
                # The database away for a moment (a restart, a failover): the next round
                # tries again; the mails wait in the outbox meanwhile.
                log.warning("mail worker: the database did not answer (%s)", exc)
                click.echo(f"Databasen svarede ikke ({type(exc).__name__}); prøver igen.",
                           err=True)
            else:
                if report.sent or report.retrying or report.given_up:
                    _say(report)
            stop.wait(interval)
    click.echo("Stoppet.")


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT: the mail being sent is finished, then we stop."""
    stop = threading.Event()
    handlers = {number: signal.signal(number, lambda *_: stop.set())
                for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


COMMANDS = [mail_group]
