"""Commands for a case's lifecycle: submit, review, decide, end — and the pool's figures."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import click
from pydantic import ValidationError
from sqlmodel import select

from pulje.cli.common import (
    actor_option,
    caseworker,
    org_option,
    say_figures,
    say_pool,
    say_state,
    today_from,
    today_option,
    unit_of_work,
)
from pulje.models import Application, Department, Pool
from pulje.services import decisions
from pulje.services.errors import InputError
from pulje.services.queries import case_by_reference, pool_for_year
from pulje.services.submission import ApplicationInput, submit_application
from pulje.services.year_figures import money_figures, year_figures
from reports.vocabulary import as_of_note
from workflows.application import STATE_LABELS, STATES
from workflows.money import AmountError, format_money, parse_amount


def read_application_file(path: Path) -> ApplicationInput:
    """An application from a TOML or JSON file; amounts as typed in Danish ("7.500,00")."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"Filen {path} kan ikke læses: {exc}") from exc
    try:
        raw["budget"] = [{**line, "amount": parse_amount(str(line.get("amount", "")))}
                         for line in raw.get("budget", [])]
        raw["department_number"] = str(raw.pop("department", raw.get("department_number", "")))
        return ApplicationInput.model_validate(raw)
    except AmountError as exc:
        raise InputError(f"Budgetlinje: {exc}") from exc
    except (ValidationError, AttributeError, TypeError) as exc:
        # A field's own check says what is wrong ("Et CVR-nummer har 8 cifre."); else its name.
        fields = ", ".join(f"{e['loc'][0]} ({e['ctx']['error']})"
                           if e["type"] == "value_error" else str(e["loc"][0])
                           for e in getattr(exc, "errors", lambda: [])())
        raise InputError(f"Filen har felter med forkerte værdier: {fields or exc}") from exc


@click.command("submit")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@org_option
@today_option
@unit_of_work
def submit_command(session, organisation, file, today):
    """Indsend en ansøgning fra en TOML- eller JSON-fil."""
    application = submit_application(session, organisation.id, read_application_file(file),
                                     today=today_from(today))
    click.echo(f"Ansøgning {application.reference} er modtaget: {application.title} "
               f"(søgt {format_money(application.requested)})")
    click.echo(f"Privat link-nøgle til ansøgeren: {application.public_token}")


@click.command("cases")
@click.option("--state", type=click.Choice(STATES), default=None)
@click.option("--year", type=int, default=None)
@org_option
@unit_of_work
def list_command(session, organisation, state, year):
    """Vis sagerne, nyeste først."""
    query = (select(Application, Department).join(Pool, Pool.id == Application.pool_id)
             .join(Department, Department.id == Application.department_id)
             .where(Pool.organisation_id == organisation.id))
    if state:
        query = query.where(Application.state == state)
    if year:
        query = query.where(Pool.year == year)
    rows = session.exec(query.order_by(Application.submitted_at.desc())).all()
    for application, department in rows:
        granted = format_money(application.granted) if application.granted else "—"
        click.echo(f"{application.reference}  {STATE_LABELS[application.state]:<20} "
                   f"{department.number:>4} {application.title[:40]:<40} "
                   f"søgt {format_money(application.requested):>14}  bevilget {granted}")
    click.echo(f"{len(rows)} sag(er).")


@click.command("pool")
@click.argument("year", type=int)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tallene ved udgangen af denne dag (ÅÅÅÅ-MM-DD), fx 2025-12-31.")
@org_option
@unit_of_work
def pool_command(session, organisation, year, as_of):
    """Vis puljens tal for et år, nu eller pr. en dato."""
    pool = pool_for_year(session, organisation.id, year)
    if as_of is None:
        say_pool(session, pool)
        return
    figures = year_figures(session, pool, as_of.date())
    note = as_of_note(figures.final, f"{figures.as_of:%d.%m.%Y}")
    say_figures(year, money_figures(figures), f" ({note})")


def _lifecycle_command(name: str, help_text: str, run, *arguments):
    """A command that takes a case reference, runs one step and reports state and pool."""

    @click.command(name, help=help_text)
    @click.argument("reference")
    @org_option
    @actor_option
    @today_option
    @unit_of_work
    def command(session, organisation, reference, actor_name, today, **values):
        application = case_by_reference(session, organisation.id, reference)
        before = application.state
        actor = caseworker(session, organisation, actor_name)
        application = run(session, application, actor, today_from(today),
                          **values)
        say_state(application, before)
        say_pool(session, session.get(Pool, application.pool_id))

    for argument in reversed(arguments):
        command = argument(command)
    return command


def _amount(ctx, param, value):
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise click.BadParameter(str(exc)) from exc


COMMANDS = [
    submit_command, list_command, pool_command,
    _lifecycle_command("review", "Påbegynd behandlingen af en sag.",
                       lambda s, a, actor, today: decisions.start_review(s, a, actor)),
    _lifecycle_command("ask", "Bed ansøgeren om flere oplysninger.",
                       lambda s, a, actor, today, question: decisions.request_info(
                           s, a, actor, question), click.argument("question")),
    _lifecycle_command("answer", "Registrér ansøgerens svar, modtaget pr. telefon eller brev.",
                       lambda s, a, actor, today, text, via: decisions.answer(
                           s, a, actor, text, channel=via),
                       click.argument("text"),
                       click.option("--via", type=click.Choice(["phone", "letter"]),
                                    default="phone", show_default=True,
                                    help="Hvordan svaret kom: telefon eller brev.")),
    _lifecycle_command("approve", "Bevilg et beløb, fx 12.500 eller 12.500,00.",
                       lambda s, a, actor, today, amount, reason: decisions.approve(
                           s, a, actor, amount, today=today, reason=reason),
                       click.argument("amount", callback=_amount),
                       click.option("--reason", default=None,
                                    help="Begrundelse til ansøgeren; skal med, når der "
                                         "bevilges mindre end søgt.")),
    _lifecycle_command("reject", "Afslå med en begrundelse, som ansøgeren læser.",
                       lambda s, a, actor, today, reason: decisions.reject(s, a, actor, reason),
                       click.argument("reason")),
    _lifecycle_command("withdraw", "Træk ansøgningen tilbage på ansøgerens vegne.",
                       lambda s, a, actor, today: decisions.withdraw(s, a, actor)),
    _lifecycle_command("close", "Afslut en bevilget sag og frigiv det ubrugte.",
                       lambda s, a, actor, today: decisions.close(s, a, actor)),
    _lifecycle_command("lapse", "Lad en bevilling bortfalde (ingen faktura inden fristen).",
                       lambda s, a, actor, today: decisions.lapse(s, a, actor, today=today)),
]


@click.command("lapse-overdue")
@org_option
@actor_option
@today_option
@unit_of_work
def lapse_overdue_command(session, organisation, actor_name, today):
    """Lad alle bevillinger bortfalde, hvor fakturafristen er overskredet uden faktura."""
    actor = caseworker(session, organisation, actor_name)
    lapsed = decisions.lapse_overdue(session, organisation.id, actor,
                                     today=today_from(today))
    for application in lapsed:
        click.echo(f"{application.reference}: bevilget → bortfaldet "
                   f"(frigivet {format_money(application.granted or 0)})")
    click.echo(f"{len(lapsed)} sag(er) bortfaldet.")


COMMANDS.append(lapse_overdue_command)
