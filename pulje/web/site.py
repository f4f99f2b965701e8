"""The organisation this site serves, for the page shell and the resident's pages."""

from __future__ import annotations

from flask import current_app, g
from flask_login import current_user

from pulje.db import get_session
from pulje.models import Organisation
from pulje.services.errors import NotFound
from pulje.services.queries import organisation_by_cvr


def site_organisation() -> Organisation | None:
    """The organisation this site serves: the staff user's own, else ORGANISATION_CVR's."""
    if "site_organisation" not in g:
        session = get_session()
        if current_user.is_authenticated:
            g.site_organisation = session.get(Organisation, current_user.organisation_id)
        else:
            try:
                g.site_organisation = organisation_by_cvr(
                    session, current_app.config.get("ORGANISATION_CVR"))
            except NotFound:
                g.site_organisation = None
    return g.site_organisation


def already_read(organisation: Organisation) -> None:
    """An organisation a page has read anyway: when it is the one site_organisation would
    choose for this request, that is not read a second time."""
    if "site_organisation" in g:
        return
    if current_user.is_authenticated:
        chosen = organisation.id == current_user.organisation_id
    else:
        cvr = current_app.config.get("ORGANISATION_CVR")
        chosen = bool(cvr) and organisation.cvr == str(cvr)
    if chosen:
        g.site_organisation = organisation
