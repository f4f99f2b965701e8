"""The caseworker's area: the blueprint, its roles and its template helpers.

The routes are in ``pages`` (what a caseworker reads) and ``actions`` (the steps they take);
both share the case page's rendering in ``case_page`` and never import each other.
"""

from __future__ import annotations

from flask import Blueprint

from pulje.web.helpers import display_helpers

bp = Blueprint("caseworker", __name__, url_prefix="/sagsbehandling")
STAFF = ("caseworker", "admin")
bp.context_processor(display_helpers)
