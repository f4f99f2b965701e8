"""``pulje outcomes remind``: the daily mail asking for the short report, and its reminder."""

from __future__ import annotations

import click
from flask import current_app, url_for

from pulje.cli.common import org_option, today_from, today_option, unit_of_work
from pulje.services.outcome_requests import send_outcome_requests


@click.group("outcomes")
def outcomes_group() -> None:
    """Afrapportering efter aktiviteten."""


@outcomes_group.command("remind")
@click.option("--url", "public_url", default=None,
              help="Sidens offentlige adresse, fx https://pulje.domi.dk "
                   "(ellers PULJE_PUBLIC_URL).")
@org_option
@today_option
@unit_of_work
def remind_command(session, organisation, public_url, today):
    """Bed om afrapportering, når aktiviteten er slut, og påmind én gang efter 14 dage.

    Kan køres hver dag (og flere gange samme dag): hver e-mail sendes højst én gang pr. sag.
    """
    base = (public_url or current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise click.ClickException("Sæt sidens offentlige adresse med --url eller "
                                   "PULJE_PUBLIC_URL, så e-mailen kan linke til sagen.")

    def link_for(token: str) -> str:
        with current_app.test_request_context(base_url=base):
            return url_for("resident.case", token=token, _external=True)

    run = send_outcome_requests(session, organisation, today=today_from(today),
                                link_for=link_for)
    click.echo(f"Bedt om afrapportering: {len(run.requested)} · påmindet: {len(run.reminded)}")
    for reference in run.requested:
        click.echo(f"  {reference}: bedt om afrapportering")
    for reference in run.reminded:
        click.echo(f"  {reference}: påmindet")


COMMANDS = [outcomes_group]
