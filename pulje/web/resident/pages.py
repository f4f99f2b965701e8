"""The resident's start page: what the pool supports, how much is left, the path of a case."""

from __future__ import annotations

from datetime import date

from flask import render_template

from pulje import clock
from pulje.db import get_session
from pulje.models import Organisation, Pool
from pulje.services.accounting import pool_figures
from pulje.services.errors import NotFound
from pulje.services.queries import pool_for_year
from pulje.services.rulesets import purpose_labels, purposes_of
from pulje.web.resident import bp, public_organisation, purposes_in_language
from pulje.web.resident.steps import STATE_TEXT, case_steps


def this_years_pool(organisation: Organisation, today: date) -> Pool | None:
    """This year's pool, or None when the organisation has not set it up yet."""
    try:
        return pool_for_year(get_session(), organisation.id, today.year)
    except NotFound:
        return None


@bp.get("/")
def start():
    """The start page: what the pool supports, how much is left, and the path of a case."""
    organisation = public_organisation()
    today = clock.today()
    pool = this_years_pool(organisation, today)
    figures = pool_figures(get_session(), pool) if pool else None
    steps, exits = case_steps()
    return render_template(
        "resident/start.html", organisation=organisation, pool=pool, figures=figures,
        today=today,
        purposes=purposes_in_language(purpose_labels(get_session(), pool)) if pool else {},
        purposes_required=purposes_of(pool)[1] if pool else 1, steps=steps, exits=exits,
        state_text=STATE_TEXT)

