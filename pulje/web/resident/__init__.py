"""The resident's area, without a login: the blueprint, its labels and the organisation served.

The routes are in ``pages`` (the start page), ``apply`` (the application form and receipt)
and ``case`` (the resident's own case, opened by the private link).
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext

from pulje.models import Organisation
from pulje.services.errors import NotFound
from pulje.web.resident.steps import STATE_TEXT
from pulje.web.site import site_organisation
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
