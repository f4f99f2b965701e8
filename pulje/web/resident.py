"""The resident's pages without a login: the start page, the application form and the receipt."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_babel import gettext

from pulje.database import get_session
from pulje.models import Organisation, Pool
from pulje.services.accounting import pool_figures
from pulje.services.errors import NotFound
from pulje.services.queries import pool_for_year
from pulje.services.rulesets import purpose_labels, purposes_of
from pulje.web import site_organisation
from pulje.web.resident_steps import STATE_TEXT, case_steps
from workflows.application import STATE_LABELS, TRIGGER_LABELS
from workflows.invoice import STATE_LABELS as INVOICE_LABELS

bp = Blueprint("resident", __name__)

@bp.context_processor
def labels() -> dict:
    """The workflow's Danish labels for the resident templates."""
    return {"state_labels": STATE_LABELS, "trigger_labels": TRIGGER_LABELS,
            "invoice_labels": INVOICE_LABELS, "state_text": STATE_TEXT}


def public_organisation() -> Organisation:
    """The organisation whose residents these pages serve."""
    organisation = site_organisation()
    if organisation is None:
        raise NotFound(gettext("Puljen er ikke sat op endnu."))
    return organisation


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
        today=today, purposes=purpose_labels(get_session(), pool) if pool else {},
        purposes_required=purposes_of(pool)[1] if pool else 1, steps=steps, exits=exits,
        state_text=STATE_TEXT)


from pulje.web import resident_apply, resident_case  # noqa: E402,F401  (routes on bp)
