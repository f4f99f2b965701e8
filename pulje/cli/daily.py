"""``pulje daily``: the day's reminders and lapses, for a timer or cron to run."""

from __future__ import annotations

import click
from flask import current_app

from pulje.cli.common import org_option, today_from, today_option, unit_of_work
from pulje.services.daily import DEFAULT_REMINDER_DAYS, parse_reminder_days, run_daily


def _reminder_days(text: str | None) -> tuple[int, ...]:
    configured = text or current_app.config.get("REMINDER_DAYS") or DEFAULT_REMINDER_DAYS
    try:
        return parse_reminder_days(configured)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--reminder-days") from exc


@click.command("daily")
@click.option("--reminder-days", default=None,
              help="Dage før fakturafristen, hvor ansøgeren mindes om den (standard 14,3; "
                   "eller PULJE_REMINDER_DAYS).")
@org_option
@today_option
@unit_of_work
def daily_command(session, organisation, reminder_days, today):
    """Send dagens påmindelser og lad overskredne bevillinger bortfalde (kan køres igen)."""
    report = run_daily(session, organisation.id, today=today_from(today),
                       reminder_days=_reminder_days(reminder_days))
    for line in report.lines():
        click.echo(line)


COMMANDS = [daily_command]
