"""The staff header's search field: the results page, one card per matching case."""

from __future__ import annotations

from flask import render_template, request

from pulje.db import get_session
from pulje.services.search import MAX_QUERY, search_cases
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp


@bp.get("/soeg")
@role_required(*STAFF)
def search():
    """Cases of the caseworker's own organisation matching what they typed."""
    query = request.args.get("q", "").strip()
    too_long = len(query) > MAX_QUERY
    result = None if too_long else search_cases(get_session(), current_organisation_id(), query)
    return render_template("caseworker/search.html", query=query, result=result,
                           too_long=too_long), 422 if too_long else 200
