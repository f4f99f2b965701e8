"""The resident's area, without a login: the blueprint, its labels and the organisation served.

The routes are in ``pages`` (the start page), ``apply`` (the application form and receipt),
``meter`` (the form's live space meter), ``case`` (the resident's own case, opened by the
private link) and ``accessibility`` (the accessibility statement).
"""

from __future__ import annotations

import re

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
