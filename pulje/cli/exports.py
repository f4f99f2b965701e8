"""Export commands: the year's grants as 360Giving open data, its payments for the bookkeeping."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pulje.cli.common import org_option, today_from, today_option, unit_of_work
from pulje.exports import ExportError, payments_csv, payments_xlsx
from pulje.services.errors import InputError
from pulje.services.exports import payment_rows
from pulje.services.open_data import open_data_csv, open_data_package, open_data_warnings
from pulje.services.queries import pool_for_year


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


COMMANDS = [export_group]
