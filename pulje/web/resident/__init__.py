"""The resident's area, without a login: the blueprint, its labels and the organisation served.

The routes are in ``pages`` (the start page), ``apply`` (the application form and receipt),
``meter`` (the form's live space meter), ``case`` (the resident's own case, opened by the
private link) and ``accessibility`` (the accessibility statement).
"""

from __future__ import annotations

import re

from flask import Blueprint
from flask_babel import LazyString, gettext, lazy_gettext

from pulje.models import Organisation
from pulje.services.errors import NotFound
from pulje.web.resident.steps import STATE_TEXT
from pulje.web.site import site_organisation
from workflows.application import STATE_LABELS, TRIGGER_LABELS
from workflows.invoice import STATE_LABELS as INVOICE_LABELS

bp = Blueprint("resident", __name__)


def in_language(labels: dict[str, str]) -> dict[str, LazyString]:
    """The workflow's Danish labels (marked N_), each looked up in the reader's language."""
    return {key: lazy_gettext(label) for key, label in labels.items()}


@bp.context_processor
def labels() -> dict:
    """The workflow's labels for the resident templates, in the reader's language."""
    return {"state_labels": in_language(STATE_LABELS),
            "trigger_labels": in_language(TRIGGER_LABELS),
            "invoice_labels": in_language(INVOICE_LABELS), "state_text": STATE_TEXT}


def purposes_in_language(labels: dict[str, str]) -> dict[str, str]:
    """A rule set's purposes in the reader's language: the guideline's standard texts
    (workflows.rules.STANDARD_PURPOSES) have a translation; an organisation's own wording
    has none and is shown as it was written."""
    return {slot: gettext(label) for slot, label in labels.items()}


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
