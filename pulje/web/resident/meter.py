"""The live space meter: how much room the application has left on its one page (R3).

The form posts what has been typed so far (CSRF-protected, rate-limited); the answer comes
from the same renderer the submission check uses, and nothing is stored.
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import format_decimal, gettext
from sqlmodel import select

from forms.application import ApplicationForm
from pulje import clock
from pulje.db import get_session
from pulje.models import Department
from pulje.services.errors import WorkflowError
from pulje.services.submission import measure_draft, open_pool
from pulje.web.resident import bp, public_organisation
from pulje.web.resident.apply import application_input, department_choices
from reports.application import PageFit, measure_page


def _rounded(chars: int) -> str:
    # "ca." figures: to the nearest ten, so the number does not flicker with every key.
    return format_decimal(max(10, int(round(chars, -1))))


def meter_text(fit: PageFit) -> str:
    """The meter's sentence for the resident."""
    if fit.fits:
        return gettext("Der er plads til ca. %(chars)s tegn mere.", chars=_rounded(fit.room))
    pages = format_decimal(max(fit.pages, 1.1), format="#,##0.0")
    if fit.cut is None:
        return gettext("Ansøgningen fylder nu %(pages)s sider, også uden formålet – forkort "
                       "budgettets tekster.", pages=pages)
    return gettext("Ansøgningen fylder nu %(pages)s sider – forkort med ca. %(chars)s tegn.",
                   pages=pages, chars=format_decimal(fit.cut))


@bp.post("/ansoeg/plads")
def page_room():
    """How much room is left on the application's one page, as JSON."""
    organisation = public_organisation()
    session = get_session()
    try:
        pool = open_pool(session, organisation.id, clock.today())
    except WorkflowError as exc:
        return jsonify(text=exc.message), 409
    form = ApplicationForm(meta={"csrf": False})
    form.department.choices = department_choices(session, organisation.id)
    data = application_input(form)
    department = session.exec(select(Department).where(
        Department.organisation_id == organisation.id,
        Department.number == data.department_number)).first()
    fit = measure_page(measure_draft(session, data, organisation, pool, department))
    return jsonify(fits=fit.fits, room=fit.room, cut=fit.cut, pages=round(fit.pages, 2),
                   text=meter_text(fit))
