"""Incoming invoices across the cases: the list, and e-invoices matched to their case."""

from __future__ import annotations

from pathlib import Path

from flask import flash, redirect, render_template, url_for

from forms.caseworker import ConfirmMatchForm, InboxEInvoiceForm
from pulje.db import get_session, write
from pulje.models import Application
from pulje.services.errors import WorkflowError
from pulje.services.invoice_inbox import incoming_invoices, match_einvoice, register_matched
from pulje.uploads import clean_file_name, upload_folder
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp
from pulje.web.caseworker import actions as steps
from workflows.money import format_money


def _page(upload: InboxEInvoiceForm, *, match=None, confirm: ConfirmMatchForm | None = None,
          status: int = 200):
    invoices = incoming_invoices(get_session(), current_organisation_id())
    return render_template("caseworker/invoices.html", invoices=invoices, upload=upload,
                           match=match, confirm=confirm), status


@bp.get("/fakturaer")
@role_required(*STAFF)
def invoices():
    """Invoices awaiting acceptance or payment on every case, and an e-invoice upload."""
    return _page(InboxEInvoiceForm(prefix="inbox"))


@bp.post("/fakturaer/e-faktura")
@role_required(*STAFF)
def upload_einvoice():
    """Read an e-invoice and propose the case its references name; nothing is registered yet."""
    form = InboxEInvoiceForm(prefix="inbox")
    if not form.validate_on_submit():
        return _page(form, status=422)
    upload = form.file.data
    try:
        match = match_einvoice(get_session(), current_organisation_id(), upload.read(),
                               folder=upload_folder())
    except WorkflowError as exc:
        form.file.errors = [exc.message]
        return _page(form, status=422)
    confirm = ConfirmMatchForm(formdata=None, prefix="match", pending=match.pending,
                               file_name=clean_file_name(upload.filename, ".xml", "e-faktura"),
                               reference=match.case.reference if match.case else "")
    return _page(InboxEInvoiceForm(formdata=None, prefix="inbox"), match=match, confirm=confirm)


@bp.post("/fakturaer/bekraeft")
@role_required(*STAFF)
def confirm_match():
    """Register the waiting e-invoice on the case the caseworker confirmed (R6–R9 checked)."""
    form = ConfirmMatchForm(prefix="match")
    session = get_session()
    if form.validate_on_submit():
        organisation_id, actor = current_organisation_id(), steps.actor()
        try:
            invoice = write(lambda writing: register_matched(
                writing, organisation_id, actor,
                reference=form.reference.data, pending=form.pending.data,
                file_name=Path(form.file_name.data or "e-faktura.xml").name,
                folder=upload_folder()))
        except WorkflowError as exc:
            form.reference.errors = [exc.message]
        else:
            reference = session.get(Application, invoice.application_id).reference
            if invoice.state == "refused":
                flash(f"E-fakturaen er registreret på sag {reference}, men afvist. "
                      f"{invoice.refusal_reason}", "error")
            else:
                flash(f"Faktura nr. {invoice.number} på {format_money(invoice.amount)} er "
                      f"registreret på sag {reference}.", "success")
            return redirect(url_for("caseworker.case", reference=reference))
    return _page(InboxEInvoiceForm(formdata=None, prefix="inbox"), confirm=form, status=422)
