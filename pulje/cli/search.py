"""``pulje search``: find cases as the caseworker's search field does; rebuild the search table."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from pulje.cli.common import org_option, unit_of_work
from pulje.db import sessions
from pulje.engine import run_in_transaction
from pulje.services.search import search_cases
from pulje.services.search_index import rebuild
from workflows.application import STATE_LABELS


@click.group("search")
def search_group() -> None:
    """Søgning i sager."""


@search_group.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Skriv søgeteksten for alle sager forfra (fx efter en gendannelse)."""
    count = run_in_transaction(sessions(), rebuild)
    click.echo(f"Søgeteksten er skrevet for {count} {'sag' if count == 1 else 'sager'}.")


@search_group.command("find")
@click.argument("query")
@org_option
@unit_of_work
def find_command(session, organisation, query: str) -> None:
    """Find sager som søgefeltet: sagsnr., navn, e-mail, afdeling, leverandør, faktura …"""
    result = search_cases(session, organisation.id, query)
    if not result.cases:
        click.echo("Ingen sager matcher.")
    for case in result.cases:
        found = "; ".join(f"{field.label}: {''.join(p.text for p in field.pieces)}"
                          for field in case.others)
        click.echo(f"{case.reference}  {STATE_LABELS[case.state]:<20} "
                   f"{''.join(p.text for p in case.applicant.pieces)} · "
                   f"{''.join(p.text for p in case.title.pieces)}"
                   + (f"  [{found}]" if found else ""))
    if result.more:
        click.echo(f"Der er flere end {len(result.cases)} sager; skriv mere for at indsnævre.")


COMMANDS = [search_group]
