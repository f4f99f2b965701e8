"""The resident's start page: what the pool supports, how much is left, the path of a case."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import lazy_gettext

from pulje.db import get_session
from pulje.models import Organisation, Pool
from pulje.services.accounting import pool_figures
from pulje.services.errors import NotFound
from pulje.services.queries import pool_for_year
from pulje.web.resident import bp, public_organisation
from pulje.web.resident.steps import STATE_TEXT, case_steps
from workflows.rules import PURPOSES

# A sentence for each purpose on the start page; the purposes themselves are workflows.rules'.
PURPOSE_TEXT = {
    "across_departments": lazy_gettext("Beboere fra flere afdelinger mødes om noget fælles."),
    "short_notice": lazy_gettext(
        "En god idé, der skal i gang nu — ikke først efter næste afdelingsmøde."),
    "small_group": lazy_gettext(
        "Et fællesskab for få, fx en klub, et hold eller en lille gruppe naboer."),
}


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
    today = date.today()
    pool = this_years_pool(organisation, today)
    figures = pool_figures(get_session(), pool) if pool else None
    steps, exits = case_steps()
    return render_template(
        "resident/start.html", organisation=organisation, pool=pool, figures=figures,
        today=today, purposes=PURPOSES, purpose_text=PURPOSE_TEXT, steps=steps, exits=exits,
        state_text=STATE_TEXT)

