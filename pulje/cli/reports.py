"""PDF documents from the command line: the same builders the web pages use."""

from __future__ import annotations

from pathlib import Path

import click

from pulje import clock
from pulje.cli.common import org_option, today_option, unit_of_work
from pulje.services.documents import (
    application_data,
    case_statement_data,
    decision_letter_data,
)
from pulje.services.errors import InputError
from pulje.services.queries import case_by_reference, pool_for_year
from pulje.services.year_report import build_year_report
from reports.application import build_application_pdf
from reports.letters import build_decision_letter_pdf
from reports.statement import build_case_statement_pdf
from reports.yearly import build_year_report_pdf

output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             required=True, help="PDF-filen, der skal skrives.")


@click.group("report")
def report_group() -> None:
    """PDF-dokumenter: ansøgning, afgørelsesbrev, sagsoversigt og årsrapport."""


def _write(output: Path, pdf: bytes) -> None:
    output.write_bytes(pdf)
    click.echo(f"{output} er skrevet ({len(pdf) // 1024} kB).")


@report_group.command("year")
@click.argument("year", type=int)
@output_option
@org_option
@today_option
@unit_of_work
def year_command(session, organisation, year, output, today):
    """Årsrapporten for bestyrelsen: et afsluttet år pr. 31.12., det løbende år foreløbigt."""
    pool = pool_for_year(session, organisation.id, year)
    day = today.date() if today else clock.today()
    _write(output, build_year_report_pdf(build_year_report(session, pool, day)))


@report_group.command("application")
@click.argument("reference")
@output_option
@org_option
@unit_of_work
def application_command(session, organisation, reference, output):
    """Ansøgningen på én side, som bestyrelsen ser den."""
    case = case_by_reference(session, organisation.id, reference)
    _write(output, build_application_pdf(application_data(session, case)))


@report_group.command("letter")
@click.argument("reference")
@output_option
@org_option
@unit_of_work
def letter_command(session, organisation, reference, output):
    """Tilsagns- eller afslagsbrevet til ansøgeren."""
    case = case_by_reference(session, organisation.id, reference)
    if case.decided_at is None:
        raise InputError(f"Sagen {reference} er ikke afgjort endnu; der er intet brev.")
    _write(output, build_decision_letter_pdf(decision_letter_data(session, case)))


@report_group.command("statement")
@click.argument("reference")
@output_option
@org_option
@unit_of_work
def statement_command(session, organisation, reference, output):
    """Sagsoversigten: bevilling, fakturaer, betalinger og historik."""
    case = case_by_reference(session, organisation.id, reference)
    _write(output, build_case_statement_pdf(case_statement_data(session, case)))


COMMANDS = [report_group]
