"""Data protection from the shell: the retention run, an applicant's export and anonymisation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pulje.cli.common import (
    actor_option,
    caseworker,
    org_option,
    today_from,
    today_option,
    unit_of_work,
)
from pulje.services.privacy import anonymise_applicant, export_applicant
from pulje.services.retention import RetentionItem, apply_retention, retention_plan
from pulje.uploads import upload_folder
from workflows.application import STATE_LABELS


def say_items(items: list[RetentionItem]) -> None:
    """One line per case: reference, pool year, state, due date and what changes."""
    click.echo(f"{'Sag':<10} {'År':<4} {'Tilstand':<16} {'Frist':<10}  Ændres")
    for item in items:
        click.echo(f"{item.reference:<10} {item.pool_year:<4} {STATE_LABELS[item.state]:<16} "
                   f"{item.due_on:%d.%m.%Y}  {item.changes}")


@click.command("retention")
@click.option("--dry-run/--apply", "dry_run", default=True,
              help="Vis kun, hvad der ville blive anonymiseret (standard), eller gør det.")
@org_option
@actor_option
@today_option
@unit_of_work
def retention_command(session, organisation, dry_run, actor_name, today):
    """Anonymisér ansøgeres personoplysninger, når puljens opbevaringsfrist er udløbet."""
    today = today_from(today)
    if dry_run:
        items = retention_plan(session, today=today, organisation_id=organisation.id)
    else:
        items = apply_retention(session, caseworker(session, organisation, actor_name), today=today,
                                organisation_id=organisation.id, upload_dir=upload_folder())
    if not items:
        click.echo(f"Ingen sager skal anonymiseres pr. {today:%d.%m.%Y}.")
        return
    say_items(items)
    if dry_run:
        click.echo(f"{len(items)} sag(er) ville blive anonymiseret. Intet er ændret; "
                   "kør med --apply for at anonymisere.")
    else:
        click.echo(f"{len(items)} sag(er) er anonymiseret.")


@click.group("applicant")
def applicant_group() -> None:
    """En ansøgers rettigheder: indsigt og anonymisering."""


@applicant_group.command("export")
@click.argument("reference_or_email")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=None, help="Skriv til denne JSON-fil i stedet for skærmen.")
@org_option
@unit_of_work
def export_command(session, organisation, reference_or_email, output):
    """Alt, hvad der er registreret om en ansøger (sagsnummer eller e-mail), som JSON."""
    data = export_applicant(session, organisation.id, reference_or_email)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"{len(data['cases'])} sag(er) er skrevet til {output}.")


@applicant_group.command("anonymise")
@click.argument("reference")
@org_option
@actor_option
@today_option
@unit_of_work
def anonymise_command(session, organisation, reference, actor_name, today):
    """Anonymisér ansøgeren på en afsluttet sag efter ansøgerens anmodning."""
    actor = caseworker(session, organisation, actor_name)
    item = anonymise_applicant(session, organisation.id, reference, actor,
                               today=today_from(today), upload_dir=upload_folder())
    click.echo(f"Sag {item.reference} er anonymiseret: {item.changes}.")


COMMANDS = [retention_command, applicant_group]
