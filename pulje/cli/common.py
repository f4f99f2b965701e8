"""What every pulje command shares: the unit of work, the actor, the organisation, the output."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session, select

from pulje import clock
from pulje.addresses import external_url
from pulje.db import sessions
from pulje.engine import run_in_transaction
from pulje.models import Application, Organisation, Pool, User
from pulje.services.accounting import pool_figures
from pulje.services.actors import Actor
from pulje.services.errors import InputError, RuleViolation, WorkflowError
from pulje.services.queries import organisation_by_cvr
from reports.vocabulary import FIGURE_LABELS
from workflows.application import STATE_LABELS
from workflows.money import format_money
from workflows.rules import rule_label

org_option = click.option("--org", "org_cvr", default=None, envvar="PULJE_ORGANISATION_CVR",
                          help="Organisationens CVR (kan udelades, hvis der kun er én).")
actor_option = click.option("--as", "actor_name", default=None, envvar="PULJE_ACTOR",
                            help="E-mail på den bruger, der handler (eller PULJE_ACTOR).")
today_option = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                            help="Dagens dato (ÅÅÅÅ-MM-DD), fx til afprøvning.")


def today_from(value) -> date:
    return value.date() if value else clock.today()


def caseworker(session: Session, organisation: Organisation, email: str | None) -> Actor:
    """The organisation's active caseworker or administrator with this e-mail; no one else.

    A step from the shell is signed by a real user, never by the shell's user name.
    """
    if not (email or "").strip():
        raise InputError("Angiv, hvem der handler: --as E-MAIL eller miljøvariablen "
                         "PULJE_ACTOR.")
    user = session.exec(select(User).where(User.email == email.strip().lower(),
                                           User.organisation_id == organisation.id)).first()
    if user is None or not user.active or user.role not in ("caseworker", "admin"):
        raise InputError(f"{email} er ikke en aktiv sagsbehandler eller administrator i "
                         f"{organisation.name}.")
    return Actor(user.role, user.name, user.id)


def link_for(endpoint: str) -> Callable[[str], str]:
    """Build a link for mails sent from the shell, on EXTERNAL_URL (PULJE_EXTERNAL_URL)."""
    return lambda token: external_url(endpoint, token=token)


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
        # --today sets the one clock: what the command records carries that day.
        day = kwargs.get("today")
        with clock.frozen(day.date() if day else None):
            return _run(lambda session: fn(session, organisation_by_cvr(session, cvr), *args,
                                           **kwargs))

    return wrapper


def site_unit_of_work(fn: Callable) -> Callable:
    """As unit_of_work, for the site operator's commands that belong to no one organisation."""

    @functools.wraps(fn)
    @with_appcontext
    def wrapper(*args, **kwargs):
        return _run(lambda session: fn(session, *args, **kwargs))

    return wrapper


def _run(step: Callable[[Session], object]):
    def attempt(session: Session):
        output = io.StringIO()
        with redirect_stdout(output):
            result = step(session)
        return result, output.getvalue()

    try:
        result, printed = run_in_transaction(sessions(), attempt)
    except RuleViolation as exc:
        label = rule_label(exc.rule)
        raise click.ClickException(f"{label}: {exc.message}" if label else exc.message) \
            from exc
    except WorkflowError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(printed, nl=False)
    return result


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
