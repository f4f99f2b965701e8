"""The caseworker's steps on a case and its invoices: one POST route per step.

Each route validates its form and calls one service inside the request's transaction. A step
the rules refuse is rolled back and the case page is shown again with the rule's message and
the form as it was typed; a step that succeeds is committed and redirects to the case page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlmodel import Session

from forms.caseworker import (
    AcceptPartForm,
    ApproveForm,
    EInvoiceForm,
    InvoiceForm,
    NoteForm,
    PaymentForm,
    QuestionForm,
    RefundForm,
    RefuseInvoiceForm,
    RejectForm,
    StepForm,
)
from pulje import clock
from pulje.db import get_session, write
from pulje.models import Application, Invoice
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.casefile import case_file, creditable_invoices
from pulje.services.einvoice_import import import_einvoice, store_file
from pulje.services.errors import NotFound, WorkflowError
from pulje.services.invoices import InvoiceInput, accept_invoice, refuse_invoice, register_invoice
from pulje.services.open_data import case_warnings
from pulje.services.payments import record_payment, record_refund
from pulje.services.queries import case_by_reference, invoice_in_organisation
from pulje.uploads import clean_file_name, upload_folder
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp
from pulje.web.caseworker.case_page import render_case
from workflows.money import format_money
from workflows.rules import rule_label

Outcome = str | tuple[str, str]  # a message, or (message, flash category)


def actor() -> Actor:
    """The logged-in staff member, as the audit trail names them."""
    return Actor(current_user.role, current_user.name, current_user.id)


def refusal_text(exc: WorkflowError) -> Markup:
    """The refusal as the caseworker reads it, led by the rule's short name as a link to the
    rule on the rules page (e.g. 'Loft pr. projekt (R2): …')."""
    label = rule_label(exc.rule)
    if not label:
        return Markup.escape(exc.message)
    return Markup('<a href="{}">{}</a>: {}').format(
        url_for("caseworker.rules", _anchor=exc.rule), label, exc.message)


def _hidden_errors(form: FlaskForm) -> list[str]:
    shown = {name for name, field in form._fields.items()
             if field.type not in ("CSRFTokenField", "HiddenField")}
    return [message for name, messages in form.errors.items() if name not in shown
            for message in messages]


def run_step(reference: str, key: str, form: FlaskForm,
             step: Callable[[Session, Application], object], done: str = ""):
    """Validate, take the step in its own transaction and redirect — or show why not.

    ``step`` may return its own message (or message and flash category); else ``done`` is said.
    """
    if not form.validate_on_submit():
        hidden = _hidden_errors(form)
        flash("Handlingen er ikke udført. " + (" ".join(hidden) if hidden
                                                else "Ret de markerede felter."), "error")
        return render_case(reference, failed={key: form}, status=422)
    organisation_id = current_organisation_id()
    try:
        # Its own transaction, retried on a lock conflict: the case is looked up inside it.
        outcome = write(lambda session: step(
            session, case_by_reference(session, organisation_id, reference)))
    except NotFound:
        raise
    except WorkflowError as exc:
        flash(Markup("Handlingen er ikke udført. ") + refusal_text(exc), "error")
        return render_case(reference, failed={key: form}, status=422)
    if not isinstance(outcome, str | tuple):
        outcome = done
    message, category = outcome if isinstance(outcome, tuple) else (outcome, "success")
    flash(message, category)
    return redirect(url_for("caseworker.case", reference=reference))


def _invoice_step(invoice_id: int, name: str, form: FlaskForm,
                  step: Callable[[Session, Invoice], object], done: str = ""):
    session = get_session()
    invoice = invoice_in_organisation(session, current_organisation_id(), invoice_id)
    reference = session.get(Application, invoice.application_id).reference
    # The step gets the invoice as its own transaction's session has it.
    return run_step(reference, f"{name}-{invoice_id}", form,
                    lambda s, _application: step(s, s.get(Invoice, invoice_id)), done)


@bp.post("/sag/<reference>/behandling")
@role_required(*STAFF)
def start_review(reference: str):
    """Take the case into review."""
    return run_step(reference, "start_review", StepForm(prefix="start_review"),
                    lambda s, a: decisions.start_review(s, a, actor()),
                    "Sagen er nu under behandling.")


@bp.post("/sag/<reference>/spoergsmaal")
@role_required(*STAFF)
def request_info(reference: str):
    """Ask the applicant a question; the case waits for the answer."""
    form = QuestionForm(prefix="request_info")
    return run_step(reference, "request_info", form,
                    lambda s, a: decisions.request_info(s, a, actor(), form.question.data),
                    "Spørgsmålet er sendt. Sagen afventer ansøgerens svar.")


@bp.post("/sag/<reference>/bevilling")
@role_required(*STAFF)
def approve(reference: str):
    """Grant an amount (R1, R2, R6 are checked by the service)."""
    form = ApproveForm(prefix="approve")

    def step(session: Session, application: Application) -> str:
        decisions.approve(session, application, actor(), form.amount.data, today=clock.today(),
                          reason=form.reason.data, public_title=form.public_title.data,
                          public_description=form.public_description.data)
        message = f"Sagen er bevilget med {format_money(form.amount.data)}"
        warnings = case_warnings(session, application)
        if warnings:
            # The grant stands; the caseworker is told what to correct before publishing.
            return (f"{message}. Tjek den offentlige tekst: {' '.join(warnings)}", "warning")
        return message

    return run_step(reference, "approve", form, step)


@bp.post("/sag/<reference>/afslag")
@role_required(*STAFF)
def reject(reference: str):
    """Refuse the application with a reason the resident reads."""
    form = RejectForm(prefix="reject")
    return run_step(reference, "reject", form,
                    lambda s, a: decisions.reject(s, a, actor(), form.reason.data),
                    "Ansøgningen er afslået. Ansøgeren kan læse begrundelsen via sit link.")


@bp.post("/sag/<reference>/afslut")
@role_required(*STAFF)
def close(reference: str):
    """Close a granted case; the unused part goes back to the pool."""
    form = NoteForm(prefix="close")
    return run_step(reference, "close", form,
                    lambda s, a: decisions.close(s, a, actor(), form.note.data),
                    "Sagen er afsluttet, og det ubrugte beløb er frigivet til puljen.")


@bp.post("/sag/<reference>/bortfald")
@role_required(*STAFF)
def lapse(reference: str):
    """Let a grant lapse when no invoice came within the deadline."""
    return run_step(reference, "lapse", StepForm(prefix="lapse"),
                    lambda s, a: decisions.lapse(s, a, actor(), today=clock.today()),
                    "Bevillingen er bortfaldet, og beløbet er frigivet til puljen.")


def _whole(upload) -> bytes:
    """The uploaded file from its start: a step retried after a lock conflict reads it again."""
    upload.seek(0)
    return upload.read()


def _registered(invoice: Invoice) -> Outcome:
    if invoice.state == "refused":
        rule = f" efter {invoice.refusal_rule}" if invoice.refusal_rule else ""
        return f"Fakturaen er registreret, men afvist{rule}: {invoice.refusal_reason}", "error"
    return f"Faktura nr. {invoice.number} på {format_money(invoice.amount)} er registreret.", \
        "success"


@bp.post("/sag/<reference>/faktura")
@role_required(*STAFF)
def register(reference: str):
    """Register a supplier's invoice as typed from it, with its PDF if one is attached."""
    form = InvoiceForm(prefix="invoice")
    form.offer_credits(creditable_invoices(
        case_file(get_session(), current_organisation_id(), reference)))

    def step(session: Session, application: Application) -> Outcome:
        upload, stored = form.file.data, None
        if upload and upload.filename:
            stored = store_file(upload_folder(), _whole(upload), ".pdf")
        data = InvoiceInput(
            supplier_name=form.supplier_name.data, supplier_cvr=form.supplier_cvr.data or None,
            number=form.number.data, issue_date=form.issue_date.data,
            activity_date=form.activity_date.data, buyer_name=form.buyer_name.data,
            buyer_cvr=form.buyer_cvr.data or None, amount=form.amount.data,
            is_credit_note=form.amount.data < 0, credits_invoice_id=form.credits.data,
            payment_account=form.payment_account.data or None, source="manual", file_path=stored,
            file_name=clean_file_name(upload.filename, ".pdf", "faktura") if stored else None)
        try:
            return _registered(register_invoice(session, application, actor(), data))
        except BaseException:
            if stored:
                (upload_folder() / stored).unlink(missing_ok=True)
            raise

    return run_step(reference, "invoice", form, step)


@bp.post("/sag/<reference>/e-faktura")
@role_required(*STAFF)
def register_einvoice(reference: str):
    """Register a supplier's e-invoice (OIOUBL or Peppol BIS XML) read from the file."""
    form = EInvoiceForm(prefix="einvoice")
    return run_step(reference, "einvoice", form, lambda s, a: _registered(import_einvoice(
        s, a, actor(), _whole(form.file.data),
        file_name=clean_file_name(form.file.data.filename, ".xml", "faktura"),
        folder=upload_folder())))


@bp.post("/faktura/<int:invoice_id>/godkend")
@role_required(*STAFF)
def accept(invoice_id: int):
    """Approve an invoice for payment (R7–R9 are checked again)."""
    return _invoice_step(invoice_id, "accept", StepForm(prefix=f"accept-{invoice_id}"),
                         lambda s, invoice: accept_invoice(s, invoice, actor()),
                         "Fakturaen er godkendt til betaling.")


@bp.post("/faktura/<int:invoice_id>/godkend-delvist")
@role_required(*STAFF)
def accept_part(invoice_id: int):
    """Approve only what is left of the grant of an invoice above it (R8)."""
    form = AcceptPartForm(prefix=f"accept_part-{invoice_id}")

    def step(session: Session, invoice: Invoice) -> Outcome:
        accept_invoice(session, invoice, actor(), partial=form.partial.data)
        return (f"Fakturaen er godkendt til betaling med {format_money(form.partial.data)} "
                f"af {format_money(invoice.amount)}.")

    return _invoice_step(invoice_id, "accept_part", form, step)


@bp.post("/faktura/<int:invoice_id>/tilbagebetaling")
@role_required(*STAFF)
def refund(invoice_id: int):
    """Record money a supplier paid back after a credit note on a paid invoice."""
    form = RefundForm(prefix=f"refund-{invoice_id}")

    def step(session: Session, invoice: Invoice) -> Outcome:
        received = record_refund(session, invoice, actor(), amount=form.amount.data,
                                 received_on=form.received_on.data,
                                 reference=form.reference.data or "")
        return f"Tilbagebetalingen på {format_money(received.amount)} er registreret."

    return _invoice_step(invoice_id, "refund", form, step)


@bp.post("/faktura/<int:invoice_id>/afvis")
@role_required(*STAFF)
def refuse(invoice_id: int):
    """Refuse an invoice with a reason."""
    form = RefuseInvoiceForm(prefix=f"refuse-{invoice_id}")
    return _invoice_step(invoice_id, "refuse", form,
                         lambda s, invoice: refuse_invoice(s, invoice, actor(), form.reason.data),
                         "Fakturaen er afvist.")


@bp.post("/faktura/<int:invoice_id>/betaling")
@role_required(*STAFF)
def pay(invoice_id: int):
    """Record the payment to the supplier; the form's key makes a double-click record once."""
    form = PaymentForm(prefix=f"pay-{invoice_id}")

    def step(session: Session, invoice: Invoice) -> Outcome:
        result = record_payment(session, invoice, actor(), paid_on=form.paid_on.data,
                                idempotency_key=form.key.data,
                                reference=form.reference.data or "")
        return result.message, "success" if result.created else "info"

    return _invoice_step(invoice_id, "pay", form, step)
