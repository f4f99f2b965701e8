"""Export commands: the year's grants as 360Giving open data, its payments for the bookkeeping."""

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
from pulje.exports import ExportError, payments_csv, payments_xlsx
from pulje.exports.journal import journal_csv, journal_xlsx
from pulje.services.errors import InputError
from pulje.services.exports import payment_rows
from pulje.services.journal import export_journal, set_accounts
from pulje.services.open_data import open_data_csv, open_data_package, open_data_warnings
from pulje.services.queries import pool_for_year
from workflows.money import format_money


@click.group("export")
def export_group() -> None:
    """Eksport af puljens år: åbne data (360Giving) og betalinger til bogføringen."""


def _write(output: Path | None, data: bytes, what: str) -> None:
    if output is None:
        click.echo(data.decode("utf-8-sig") if not data.startswith(b"PK") else data, nl=False)
        return
    output.write_bytes(data)
    click.echo(f"{what} er skrevet til {output}.", err=True)


@export_group.command("360giving")
@click.argument("year", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--csv", "as_csv", is_flag=True, help="360Givings CSV i stedet for JSON.")
@org_option
@unit_of_work
@today_option
def giving_command(session, organisation, year, output, as_csv, today):
    """Tilsagn i et puljeår som 360Giving-data: kun de offentlige titler og beskrivelser."""
    pool = pool_for_year(session, organisation.id, year)
    for warning in open_data_warnings(session, pool):
        click.echo(f"Advarsel: {warning.message} Ret den offentlige tekst, før filen udgives.",
                   err=True)
    try:
        if as_csv:
            data = open_data_csv(session, pool, today_from(today)).encode()
        else:
            package = open_data_package(session, pool, today_from(today))
            data = json.dumps(package, ensure_ascii=False, indent=2).encode() + b"\n"
    except ExportError as exc:
        raise InputError(str(exc)) from exc
    _write(output, data, "Tilsagnene")


@export_group.command("payments")
@click.argument("year", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--xlsx", "as_xlsx", is_flag=True, help="Excel-regneark i stedet for CSV.")
@org_option
@unit_of_work
def payments_command(session, organisation, year, output, as_xlsx):
    """Betalinger i et puljeår til bogføringen (CSV med semikolon, UTF-8 med BOM)."""
    rows = payment_rows(session, pool_for_year(session, organisation.id, year))
    if as_xlsx and output is None:
        raise InputError("Et regneark skal skrives til en fil: brug -o betalinger.xlsx.")
    try:
        data = payments_xlsx(rows) if as_xlsx else payments_csv(rows)
    except ExportError as exc:
        raise InputError(str(exc)) from exc
    _write(output, data, f"{len(rows)} betalinger")


@export_group.command("accounts")
@click.option("--expense", "expense_account", required=True,
              help="Puljens udgiftskonto (debet), fx 2750.")
@click.option("--bank", "bank_account", required=True,
              help="Bankkontoen, der betales fra (kredit, modkonto), fx 5820.")
@click.option("--license", "open_data_license", default=None,
              help="Licensen for åbne data (URL); standard er CC BY 4.0.")
@org_option
@unit_of_work
def accounts_command(session, organisation, expense_account, bank_account, open_data_license):
    """Sæt kassekladdens konti (og evt. licensen for åbne data) for organisationen."""
    settings = set_accounts(session, organisation.id, expense_account=expense_account,
                            bank_account=bank_account, open_data_license=open_data_license)
    click.echo(f"Kassekladden bogfører på konto {settings.expense_account} med modkonto "
               f"{settings.bank_account}; åbne data udgives under {settings.open_data_license}.")


@export_group.command("journal")
@click.option("--from", "period_from", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Første betalingsdato (ÅÅÅÅ-MM-DD).")
@click.option("--to", "period_to", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Sidste betalingsdato (ÅÅÅÅ-MM-DD).")
@click.option("--format", "kind", type=click.Choice(["csv", "e-conomic", "dinero", "xlsx"]),
              default="csv", show_default=True, help="Filformatet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@org_option
@actor_option
@unit_of_work
def journal_command(session, organisation, period_from, period_to, kind, output, actor_name):
    """Kassekladde: én linje pr. betaling efter betalingsdato, med faste bilagsnumre."""
    if kind == "xlsx" and output is None:
        raise InputError("Et regneark skal skrives til en fil: brug -o kassekladde.xlsx.")
    actor = caseworker(session, organisation, actor_name)
    journal = export_journal(session, organisation.id, period_from.date(), period_to.date(),
                             actor)
    data = journal_xlsx(journal.entries) if kind == "xlsx" else journal_csv(journal.entries,
                                                                             kind)
    _write(output, data, f"Kassekladden (eksport {journal.export.id}, "
                         f"{len(journal.entries)} linjer, i alt {format_money(journal.total)})")


COMMANDS = [export_group]
