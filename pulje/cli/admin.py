"""Set-up commands: the database schema, the demo data and the staff users' group."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from pulje.cli.common import today_from, today_option
from pulje.db import engine, sessions
from pulje.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from pulje.engine import transaction
from pulje.migrate import upgrade
from pulje.models import ROLES
from workflows.money import format_number


@click.group("db")
def db_group() -> None:
    """Databasen."""


@db_group.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Opret eller opdatér databasens skema (Alembic-migreringer)."""
    upgrade(engine())
    click.echo(f"Databasen er opdateret: {engine().url.render_as_string(hide_password=True)}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Gør intet, hvis der allerede er data.")
@click.option("--scale", type=click.Choice(["small", "national"]), default="small",
              show_default=True,
              help="small: DOMI Bolig med 21 sager. national: 800 organisationer, 7.000 "
                   "afdelinger, 10 år og ca. 500.000 sager (tager nogle minutter).")
@today_option
@with_appcontext
def demo_command(if_empty: bool, scale: str, today) -> None:
    """Opret schema og indlæs demodata: DOMI Bolig, afdelinger, puljer, brugere og sager."""
    upgrade(engine())
    with transaction(sessions()) as session:
        from sqlmodel import select

        from pulje.models import Organisation

        has_data = session.exec(select(Organisation.id)).first() is not None
        if has_data and if_empty:
            click.echo("Der er allerede data; demodata springes over.")
            return
        if has_data:
            raise click.ClickException("Der er allerede data i databasen; demodata er ikke "
                                       "indlæst. Slet instance/pulje.sqlite for at starte forfra.")
        if scale == "small":
            load_demo(session, today=today_from(today))
    if scale == "national":
        _load_national(today_from(today))
    click.echo("Demodata er indlæst. Log ind med (adgangskode " + DEMO_PASSWORD + "):")
    for email, name, role in DEMO_USERS:
        click.echo(f"  {email:<22} {name:<14} {ROLES[role]}")


def _load_national(today) -> None:
    from pulje.demo_national import NATIONAL, load_national

    started = time.monotonic()
    with engine().begin() as connection, click.progressbar(
            length=NATIONAL.organisations, label="Organisationer",
            show_pos=True) as bar:
        counts = load_national(connection, scale=NATIONAL, today=today,
                               on_organisation=bar.update)
    if engine().dialect.name == "postgresql":
        # Fresh visibility maps and statistics, as autovacuum would leave them a while later.
        with engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    n = {table: format_number(count) for table, count in counts.items()}
    click.echo(f"{n['organisation']} organisationer, {n['department']} afdelinger, "
               f"{n['application']} sager, {n['invoice']} fakturaer, {n['payment']} "
               f"betalinger og {n['audit_entry']} revisionsposter på "
               f"{time.monotonic() - started:.0f} s.")


@click.group("user")
def user_group() -> None:
    """Medarbejdere, der logger ind: invitér, ret, deaktivér."""


COMMANDS = [db_group, demo_command, user_group]
