"""What every pulje command shares: the unit of work, the actor, the organisation, the output."""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from pulje.db import sessions
from pulje.engine import run_in_transaction
from pulje.models import Application, Pool
from pulje.services.accounting import pool_figures
from pulje.services.actors import Actor
from pulje.services.errors import RuleViolation, WorkflowError
from pulje.services.queries import organisation_by_cvr
from reports.vocabulary import FIGURE_LABELS
from workflows.application import STATE_LABELS
from workflows.money import format_money

org_option = click.option("--org", "org_cvr", default=None, envvar="PULJE_ORGANISATION_CVR",
                          help="Organisationens CVR (kan udelades, hvis der kun er én).")
actor_option = click.option("--as", "actor_name", default=None, envvar="PULJE_ACTOR",
                            help="Sagsbehandlerens navn i revisionssporet.")
today_option = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                            help="Dagens dato (ÅÅÅÅ-MM-DD), fx til afprøvning.")


def today_from(value) -> date:
    return value.date() if value else date.today()


def caseworker(name: str | None) -> Actor:
    return Actor("caseworker", name or os.environ.get("USER") or "kommandolinje")


def unit_of_work(fn: Callable) -> Callable:
    """Run a command in one transaction; a refusal prints its rule and writes nothing.

    Lock conflicts are retried (pulje.engine.run_in_transaction); what the command prints is held
    back until its transaction has committed, so a retried attempt prints nothing twice and a
    rolled-back one prints nothing at all.
    """

    @functools.wraps(fn)
    @with_appcontext
    def wrapper(*args, **kwargs):
        cvr = kwargs.pop("org_cvr", None) or current_app.config.get("ORGANISATION_CVR")

        def attempt(session: Session):
            output = io.StringIO()
            with redirect_stdout(output):
                result = fn(session, organisation_by_cvr(session, cvr), *args, **kwargs)
            return result, output.getvalue()

        try:
            result, printed = run_in_transaction(sessions(), attempt)
        except RuleViolation as exc:
            raise click.ClickException(f"Afvist efter {exc.rule}: {exc.message}") from exc
        except WorkflowError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(printed, nl=False)
        return result

    return wrapper


def say_state(application: Application, before: str | None = None) -> None:
    after = STATE_LABELS[application.state]
    if before is None or before == application.state:
        click.echo(f"{application.reference}: {after}")
    else:
        click.echo(f"{application.reference}: {STATE_LABELS[before]} → {after}")


def say_figures(year: int, money: dict[str, int], note: str = "") -> None:
    """The six figures by their one set of names (reports.vocabulary), e.g. after a step."""
    parts = " · ".join(f"{FIGURE_LABELS[key].lower()} {format_money(money[key])}"
                       for key in FIGURE_LABELS)
    click.echo(f"Puljen {year}{note}: {parts}")


def say_pool(session: Session, pool: Pool) -> None:
    f = pool_figures(session, pool)
    say_figures(f.year, {"total": f.total, "granted": f.granted, "paid": f.paid,
                         "committed": f.committed, "released": f.released,
                         "available": f.available})
