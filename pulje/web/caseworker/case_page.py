"""The case page as a caseworker sees it: the case file and a form for each step it can take.

Both the page route and a refused step (which shows the page again with the typed form) render
it from here.
"""

from __future__ import annotations

import secrets

from flask import render_template

from forms.caseworker import (
    AcceptPartForm,
    ApproveForm,
    DuplicateForm,
    EInvoiceForm,
    InternalNoteForm,
    InvoiceForm,
    NoteForm,
    PaymentForm,
    QuestionForm,
    ReceivedAnswerForm,
    RefundForm,
    RefuseInvoiceForm,
    RejectForm,
    StepForm,
)
from pulje import clock
from pulje.db import get_session
from pulje.services.casefile import CaseFile, case_file, creditable_invoices
from pulje.services.outcomes import outcome_summary
from pulje.services.public_text import suggest_public_text
from pulje.web.auth import current_organisation_id

# The steps a caseworker takes from the case page; the resident's own (answer, withdraw) are not.
CASEWORKER_STEPS = ("start_review", "request_info", "approve", "reject", "close", "lapse")


def step_forms(file: CaseFile) -> dict:
    """Empty forms for the steps the case can take now (a failed step replaces its own)."""
    forms: dict = {}
    for trigger in file.allowed:
        if trigger in CASEWORKER_STEPS:
            forms[trigger] = {
                "request_info": QuestionForm, "approve": ApproveForm, "reject": RejectForm,
                "close": NoteForm,
            }.get(trigger, StepForm)(formdata=None, prefix=trigger)
    if "approve" in forms:
        forms["approve"].amount.data = file.suggested_grant
        public = suggest_public_text(file.application, file.department)
        forms["approve"].public_title.data = public.title
        forms["approve"].public_description.data = public.description
    if "answer" in file.allowed:
        forms["answer"] = ReceivedAnswerForm(formdata=None, prefix="answer")
    forms["note"] = InternalNoteForm(formdata=None, prefix="note")
    for item in file.duplicates:
        judged = {True: "ja", False: "nej"}.get(item.same_project)
        forms[f"duplicate-{item.other.reference}"] = DuplicateForm(
            formdata=None, prefix="duplicate", other=item.other.reference, same_project=judged)
    if file.can_register_invoice:
        forms["invoice"] = InvoiceForm(formdata=None, prefix="invoice")
        forms["invoice"].offer_credits(creditable_invoices(file))
        forms["einvoice"] = EInvoiceForm(formdata=None, prefix="einvoice")
    for item in file.invoices:
        invoice_id = item.invoice.id
        if item.partial_offer is not None:
            # Above what is left of the grant: refuse, or accept the rest (R8).
            forms[f"accept_part-{invoice_id}"] = AcceptPartForm(
                formdata=None, prefix=f"accept_part-{invoice_id}", partial=item.partial_offer)
        elif "accept" in item.allowed:
            forms[f"accept-{invoice_id}"] = StepForm(formdata=None, prefix=f"accept-{invoice_id}")
        if item.money is not None and item.money.refund_due:
            forms[f"refund-{invoice_id}"] = RefundForm(formdata=None, prefix=f"refund-{invoice_id}")
            forms[f"refund-{invoice_id}"].amount.data = item.money.refund_due
        if "refuse" in item.allowed:
            forms[f"refuse-{invoice_id}"] = RefuseInvoiceForm(formdata=None,
                                                              prefix=f"refuse-{invoice_id}")
        if "pay" in item.allowed:
            # The key is made now: every submit of this rendered form carries the same one.
            forms[f"pay-{invoice_id}"] = PaymentForm(
                formdata=None, prefix=f"pay-{invoice_id}", key=secrets.token_urlsafe(24))
    return forms


def render_case(reference: str, *, failed: dict | None = None, status: int = 200):
    """The case page; ``failed`` holds a refused step's form so what was typed stays."""
    file = case_file(get_session(), current_organisation_id(), reference)
    forms = step_forms(file)
    # A refused step's form is shown again only while the case still offers the step: a
    # colleague may have closed the case in between, and then the page shows what it is now.
    # A refused partial acceptance is offered again with what is left now, not the old amount.
    forms.update({key: form for key, form in (failed or {}).items()
                  if key in forms and not key.startswith("accept_part-")})
    return render_template(
        "caseworker/case.html", file=file, forms=forms, app=file.application,
        failed=tuple(failed or ()),
        outcome=outcome_summary(get_session(), file.application, clock.today())), status
