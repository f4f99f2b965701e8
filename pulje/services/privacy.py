"""An applicant's rights: everything held about them (access), and anonymisation on request.

Anonymisation on request changes the same things as the retention rule (see
pulje.services.retention) for one case, whenever the applicant asks, on two conditions:

- the case is final (rejected, withdrawn, closed or lapsed): while it is open the data is
  needed to handle it, so the request is refused with the case's state;
- no payment record names the applicant within its bookkeeping period (5 years after the end
  of the payment's financial year): invoices and payments are never changed, so the request is
  refused with the date from which it can be granted. Invoices name the supplier, never the
  applicant (R7), so this holds a case back only when the applicant's name was written into a
  payment's reference or the like.

The export leaves out the private link's token, also where it stands in a mail's text: it is a
key to the case, not data about the person, and an export is often sent on by e-mail.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from pulje import clock
from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    CaseNote,
    Department,
    Invoice,
    Message,
    Organisation,
    OutboxMail,
    Payment,
    Pool,
)
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.attachments import attachments_of
from pulje.services.errors import NotFound, WorkflowError
from pulje.services.queries import case_by_reference
from pulje.services.retention import (
    RetentionItem,
    anonymise,
    case_mails,
    due_on,
    has_changes,
    payment_hold,
    pending_item,
)
from workflows.application import FINAL_STATES, STATE_LABELS

EXPORT_FORMAT = "pulje-indsigt-1"


class AnonymisationRefused(WorkflowError):
    """The applicant's data cannot be anonymised yet; the message says why and until when."""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(row: SQLModel, *, exclude: set[str] = frozenset()) -> dict:
    return {name: _plain(value) for name, value in row.model_dump().items()
            if name not in exclude}


def _cases(session: Session, organisation_id: int, key: str) -> list[Application]:
    key = key.strip()
    if "@" not in key:
        return [case_by_reference(session, organisation_id, key)]
    cases = session.exec(
        select(Application).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               func.lower(Application.applicant_email) == key.lower())
        .order_by(Application.submitted_at, Application.id)).all()
    if not cases:
        raise NotFound(f"Der er ingen sager med e-mailadressen {key}.")
    return list(cases)


def _case_export(session: Session, application: Application) -> dict:
    pool = session.get(Pool, application.pool_id)
    department = session.get(Department, application.department_id)
    invoices = session.exec(select(Invoice).where(Invoice.application_id == application.id)
                            .order_by(Invoice.id)).all()
    payments = session.exec(
        select(Payment).join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.application_id == application.id).order_by(Payment.id)).all()
    lines = session.exec(select(BudgetLine).where(BudgetLine.application_id == application.id)
                         .order_by(BudgetLine.position)).all()
    messages = session.exec(select(Message).where(Message.application_id == application.id)
                            .order_by(Message.id)).all()
    entries = session.exec(select(AuditEntry).where(AuditEntry.application_id == application.id)
                           .order_by(AuditEntry.id)).all()
    mails = session.exec(case_mails(application).order_by(OutboxMail.id)).all()
    notes = session.exec(select(CaseNote).where(CaseNote.application_id == application.id)
                         .order_by(CaseNote.id)).all()
    return {
        **_row(application, exclude={"public_token", "pool_id", "department_id"}),
        "state_label": STATE_LABELS[application.state],
        "pool_year": pool.year,
        "department": f"{department.number} {department.name}",
        "anonymised_from": due_on(pool).isoformat(),
        "budget_lines": [_row(line, exclude={"application_id"}) for line in lines],
        "messages": [_row(message, exclude={"application_id"}) for message in messages],
        "invoices": [_row(invoice, exclude={"application_id", "file_path"})
                     for invoice in invoices],
        "payments": [_row(payment) for payment in payments],
        "audit": [_row(entry, exclude={"application_id"}) for entry in entries],
        "mails": [{**_row(mail), "body": mail.body.replace(application.public_token,
                                                           "[privat nøgle udeladt]")}
                  for mail in mails],
        "internal_notes": [_row(note, exclude={"application_id"}) for note in notes],
        "attachments": [_row(file, exclude={"application_id", "file_path"})
                        for file in attachments_of(session, application.id)],
        "outcome_report": _report_export(session, application),
    }


def _report_export(session: Session, application: Application) -> dict | None:
    """The short report with its ticked departments and its photos (as stored, without EXIF);
    the photos' bytes are not in the JSON but listed by name and size."""
    report = outcomes.report_of(session, application)
    if report is None:
        return None
    return {
        **_row(report, exclude={"application_id"}),
        "departments": [f"{d.number} {d.name}"
                        for d in outcomes.reached_departments(session, report)],
        "photos": [_row(photo, exclude={"report_id", "file_path"})
                   for photo in outcomes.photos_of(session, report)],
    }


def export_applicant(session: Session, organisation_id: int, email_or_reference: str) -> dict:
    """Everything held about the applicant behind an e-mail address or a case reference.

    Amounts are in øre, dates and instants in ISO 8601 (UTC); the result is JSON-serialisable.
    """
    organisation = session.get(Organisation, organisation_id)
    cases = _cases(session, organisation_id, email_or_reference)
    return {
        "format": EXPORT_FORMAT,
        "organisation": _row(organisation, exclude={"id"}),
        "request": email_or_reference.strip(),
        "cases": [_case_export(session, application) for application in cases],
    }


def anonymise_applicant(session: Session, organisation_id: int, reference: str, actor: Actor,
                        *, today: date | None = None,
                        upload_dir: Path | None = None) -> RetentionItem:
    """Anonymise one case's applicant on their request, or refuse and say why."""
    application = case_by_reference(session, organisation_id, reference)
    if application.state not in FINAL_STATES:
        raise AnonymisationRefused(
            f"Sag {application.reference} er ikke afsluttet "
            f"({STATE_LABELS[application.state]}). Ansøgerens oplysninger kan først "
            "anonymiseres, når sagen er afslået, trukket tilbage, afsluttet eller bortfaldet.")
    hold = payment_hold(session, application, today=today or clock.today())
    if hold:
        raise AnonymisationRefused(f"Sag {application.reference} kan ikke anonymiseres endnu. "
                                   f"{hold}")
    session.flush()
    item = pending_item(session, application, session.get(Pool, application.pool_id))
    if not has_changes(item):
        raise AnonymisationRefused(f"Sag {application.reference} er allerede anonymiseret.")
    anonymise(session, item, actor, "på ansøgerens anmodning", upload_dir=upload_dir)
    return item
