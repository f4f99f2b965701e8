"""The caseworker's pages: the queue, the case page, its PDFs and invoice files.

The steps a caseworker takes are in actions.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from flask import Response, render_template, request, send_from_directory
from markupsafe import Markup, escape
from wtforms import SelectChoice
from wtforms.widgets import Select

from forms.caseworker import QueueFilterForm
from pulje import clock
from pulje.db import get_session
from pulje.models import Application
from pulje.services.dashboard import pool_years
from pulje.services.documents import application_data, case_statement_data
from pulje.services.errors import NotFound
from pulje.services.queries import case_by_reference, invoice_in_organisation
from pulje.services.queue import case_queue, department_choices
from pulje.services.queue_markers import MARKERS
from pulje.uploads import MIMETYPES, clean_file_name, upload_folder
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp
from pulje.web.caseworker.case_page import render_case
from pulje.web.params import bounded_int
from reports.application import build_application_pdf
from reports.statement import build_case_statement_pdf
from workflows.application import STATE_LABELS


@bp.get("/")
@role_required(*STAFF)
def queue():
    """The queue of cases with filters, sorting, counts per state and pages."""
    session = get_session()
    organisation_id = current_organisation_id()
    form = QueueFilterForm(request.args)
    form.state.choices = [SelectChoice("", "Alle")] + [
        SelectChoice(state, label) for state, label in STATE_LABELS.items()]
    form.year.choices = [SelectChoice("", "Alle år")] + [
        SelectChoice(str(y)) for y in pool_years(session, organisation_id)]
    form.department.choices = [SelectChoice("", "Alle afdelinger")] + [
        SelectChoice(str(number), label)
        for number, label in department_choices(session, organisation_id)]
    form.department.widget = LONG_SELECT
    form.marker.choices = [SelectChoice("", "Alle sager")] + [
        SelectChoice(key, label) for key, label in MARKERS.items()]
    form.validate()
    page = case_queue(
        session, organisation_id, state=form.state.data or None,
        year=bounded_int(form.year.data), department_id=bounded_int(form.department.data),
        text=form.q.data if not form.q.errors else None, sort=form.sort.data or "newest",
        page=(form.page.data if not form.page.errors else None) or 1,
        marker=form.marker.data or None)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("caseworker/queue.html", form=form, page=page, args=args,
                           tab_args={k: v for k, v in args.items() if k != "state"},
                           export_year=bounded_int(form.year.data) or clock.today().year)


class LongSelect(Select):
    """WTForms' Select with the same HTML, made faster for plain options (the departments).

    ``html_params`` costs about 40 µs an option; with 700 departments it was a third of the
    queue page's time. Even plain, 700 options were a fifth of it, so the whole ``<select>`` is
    kept per field, choices, chosen value and attributes (``MAX_KEPT``): the departments
    rarely change, and a changed list is a new key.
    """

    MAX_KEPT = 64

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept: OrderedDict[tuple, Markup] = OrderedDict()

    def __call__(self, field, **kwargs):
        if field.render_kw or any(
                getattr(c, "render_kw", None) for c in field.choices if not isinstance(c, tuple)):
            return super().__call__(field, **kwargs)
        key = (field.id, field.name, repr(field.data), repr(sorted(kwargs.items())),
               getattr(field.flags, "required", False), getattr(field.flags, "disabled", False),
               tuple(
                   (c.value, c.label) if isinstance(c, SelectChoice) else tuple(c)
                   for c in field.choices))
        html = self._kept.get(key)
        if html is None:
            html = super().__call__(field, **kwargs)
            self._kept[key] = html
            while len(self._kept) > self.MAX_KEPT:
                self._kept.popitem(last=False)
        return html

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(choice.value)}">'
                      f"{escape(choice.label or choice.value)}</option>")


LONG_SELECT = LongSelect()




@bp.get("/sag/<reference>")
@role_required(*STAFF)
def case(reference: str):
    """Everything on one case, and a form for each step it can take now."""
    return render_case(reference)


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.get("/sag/<reference>/ansoegning.pdf")
@role_required(*STAFF)
def application_pdf(reference: str):
    """The one-page application as the board sees it."""
    application = case_by_reference(get_session(), current_organisation_id(), reference)
    return _pdf(build_application_pdf(application_data(get_session(), application)),
                f"ansoegning-{application.reference}.pdf")


@bp.get("/sag/<reference>/sagsoversigt.pdf")
@role_required(*STAFF)
def statement_pdf(reference: str):
    """The case statement: grant, invoices, payments and history."""
    application = case_by_reference(get_session(), current_organisation_id(), reference)
    return _pdf(build_case_statement_pdf(case_statement_data(get_session(), application)),
                f"sagsoversigt-{application.reference}.pdf")


@bp.get("/faktura/<int:invoice_id>/fil")
@role_required(*STAFF)
def invoice_file(invoice_id: int):
    """The invoice's stored file (PDF or e-invoice XML), as a download under its uploaded name.

    Only staff of the invoice's organisation get here. The file came from outside: it is
    always an attachment with the type its content was checked to be, never rendered on this
    site (a PDF can carry script), and sandboxed should a browser open it anyway.
    """
    invoice = invoice_in_organisation(get_session(), current_organisation_id(), invoice_id)
    if not invoice.file_path:
        raise NotFound("Fakturaen har ingen fil.")
    reference = get_session().get(Application, invoice.application_id).reference
    suffix = Path(invoice.file_path).suffix.lower()
    if suffix not in MIMETYPES:
        raise NotFound("Fakturaens fil kan ikke vises.")
    download = clean_file_name(invoice.file_name, suffix, f"faktura-{reference}-{invoice.id}")
    response = send_from_directory(upload_folder(), Path(invoice.file_path).name,
                                   mimetype=MIMETYPES[suffix], download_name=download,
                                   as_attachment=True, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

