"""The resident's pages without a login: the start page, the application form and the receipt."""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, render_template
from flask_babel import gettext, lazy_gettext

from pulje.database import get_session
from pulje.models import Organisation, Pool
from pulje.services.accounting import pool_figures
from pulje.services.errors import NotFound
from pulje.services.queries import pool_for_year
from pulje.web import site_organisation
from pulje.web.resident_steps import STATE_TEXT, case_steps
from workflows.application import STATE_LABELS, TRIGGER_LABELS
from workflows.invoice import STATE_LABELS as INVOICE_LABELS
from workflows.rules import PURPOSES

bp = Blueprint("resident", __name__)

# A sentence for each purpose on the start page; the purposes themselves are workflows.rules'.
PURPOSE_TEXT = {
    "across_departments": lazy_gettext("Beboere fra flere afdelinger mødes om noget fælles."),
    "short_notice": lazy_gettext(
        "En god idé, der skal i gang nu — ikke først efter næste afdelingsmøde."),
    "small_group": lazy_gettext(
        "Et fællesskab for få, fx en klub, et hold eller en lille gruppe naboer."),
}


@bp.context_processor
def labels() -> dict:
    """The workflow's Danish labels for the resident templates."""
    return {"state_labels": STATE_LABELS, "trigger_labels": TRIGGER_LABELS,
            "invoice_labels": INVOICE_LABELS, "state_text": STATE_TEXT}


_RULE_CODE = re.compile(r"^R\d+:\s*")


@bp.app_template_filter("without_rule_code")
def without_rule_code(text: str | None) -> str:
    """A reason as a resident reads it: reasons stored before codes were left out start 'R9: '."""
    return _RULE_CODE.sub("", text or "")


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
        today=today, purposes=PURPOSES, purpose_text=PURPOSE_TEXT, steps=steps, exits=exits,
        state_text=STATE_TEXT)


from pulje.web import (  # noqa: E402,F401,I001  (routes on bp)
    accessibility, resident_apply, resident_case, resident_meter)
