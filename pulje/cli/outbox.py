"""``pulje outbox``: the e-mails the application has written, newest first, and their fate."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlmodel import select

from pulje.db import sessions
from pulje.models import OutboxMail
from workflows.clock import COPENHAGEN


@click.command("outbox")
@click.option("--limit", default=20, show_default=True, help="Højst så mange mails.")
@click.option("--unsent", is_flag=True, help="Kun mails, der ikke er sendt endnu.")
@click.option("--body", "show_body", is_flag=True, help="Vis også selve teksten.")
@with_appcontext
def outbox_command(limit: int, unsent: bool, show_body: bool) -> None:
    """Vis udgående e-mails (kvitteringer m.m.), nyeste først."""
    query = select(OutboxMail).order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if unsent:
        query = query.where(OutboxMail.sent_at.is_(None))
    with sessions()() as session:
        mails = session.exec(query.limit(limit)).all()
        if not mails:
            click.echo("Udbakken er tom.")
            return
        for mail in mails:
            created = _local(mail.created_at)
            click.echo(f"#{mail.id}  {created}  til {mail.to}  ({delivery(mail)})")
            click.echo(f"    {mail.subject}")
            if mail.last_error:
                click.echo(f"    sidste fejl: {mail.last_error}")
            if show_body:
                click.echo("")
                click.echo("\n".join(f"    {line}" for line in mail.body.splitlines()))
                click.echo("")


def delivery(mail: OutboxMail) -> str:
    """Where the mail is in the queue, in words."""
    if mail.sent_at:
        return f"sendt {_local(mail.sent_at)}"
    tried = f", {mail.attempts} forsøg" if mail.attempts else ""
    if mail.next_attempt_at is None:
        return f"ikke sendt{tried}, opgivet"
    return f"ikke sendt{tried}, næste forsøg {_local(mail.next_attempt_at)}"


def _local(moment) -> str:
    return moment.astimezone(COPENHAGEN).strftime("%d.%m.%Y %H:%M")


COMMANDS = [outbox_command]
