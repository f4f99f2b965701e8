"""``pulje outbox``: the e-mails the application has written, newest first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext
from sqlmodel import select

from pulje.db import sessions
from pulje.models import OutboxMail

LOCAL = ZoneInfo("Europe/Copenhagen")


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
            created = mail.created_at.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
            sent = (f"sendt {mail.sent_at.astimezone(LOCAL).strftime('%d.%m.%Y %H:%M')}"
                    if mail.sent_at else "ikke sendt")
            click.echo(f"#{mail.id}  {created}  til {mail.to}  ({sent})")
            click.echo(f"    {mail.subject}")
            if show_body:
                click.echo("")
                click.echo("\n".join(f"    {line}" for line in mail.body.splitlines()))
                click.echo("")


COMMANDS = [outbox_command]
