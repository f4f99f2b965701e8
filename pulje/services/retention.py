"""GDPR retention: anonymise an applicant's personal data once the pool's retention has run out.

The rule: a case's personal data is anonymised on 1 January of pool year + 1 + the pool's
``retention_years`` (5 by default), once the case is final (rejected, withdrawn, closed or
lapsed); a case still open is never touched, however old. What is kept and what is not:

- Kept, because it is bookkeeping (bogføringsloven keeps it 5 years after the financial
  year) or describes the activity, not the person: amounts, dates, states, the reference, the
  department, participants, the budget lines' amounts, every invoice and payment with the
  supplier's data, the staff who acted and the notes on money steps (grant, acceptance,
  payment, closing), and the public title and description the caseworker wrote for open data.
- Anonymised: the applicant's name (to "Anonymiseret ansøger"), address, e-mail, phone and
  CVR; everything the resident wrote about the activity — its title (replaced by the public
  title), purpose and budget line descriptions — so the board's report, the application and
  statement PDFs (rendered from these fields) and every export carry none of it any more; the
  reason for the decision (a rejection is written to the person); the body of every
  message on the case and the name of a resident who sent one; in the audit trail, the name
  of every resident who acted and the notes of residents' entries and of questions, answers,
  rejections and withdrawals, which repeat the messages; the address and text of the e-mails
  sent about the case (outbox mails marked with the case, or to the applicant's address naming
  its reference; their attachments are deleted). The private link is revoked.

The audit trail is append-only; the database lets exactly this redaction through and nothing
else (migration 0004), so it is done with one UPDATE per kind, outside the ORM, whose guard
refuses every change to an audit entry. Each anonymised case gets one "anonymise" entry that
lists what was changed and holds no personal data.

A payment record (invoice or payment) is never changed. If one names the applicant (their name
in the supplier's name or the payment's reference, or their CVR as the supplier's), the case is
held back until that record's own bookkeeping period has ended, so an anonymisation is never
reported for a person still named in the books.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import and_, delete, func, or_, update
from sqlmodel import Session, col, select

from pulje.models import (
    Application,
    AuditEntry,
    BudgetLine,
    CaseNote,
    Invoice,
    Message,
    OutboxAttachment,
    OutboxMail,
    OutcomePhoto,
    OutcomeReport,
    Payment,
    Pool,
    ResidentAttachment,
)
from pulje.models.application import ANONYMOUS_NAME
from pulje.models.ids import id_of
from pulje.services import audit
from pulje.services.actors import Actor
from pulje.services.duplicates import refresh_pairs
from pulje.services.search_index import refresh_case
from workflows.application import FINAL_STATES
from workflows.money import format_money

REDACTED = "[anonymiseret]"
# Audit actions whose note is free text written to or by the resident.
FREE_TEXT_ACTIONS = ("request_info", "answer", "reject", "withdraw")
BOOKKEEPING_YEARS = 5

FIELD_LABELS = {
    "applicant_name": "navn",
    "applicant_address": "adresse",
    "applicant_email": "e-mail",
    "applicant_phone": "telefon",
    "applicant_cvr": "CVR",
    "title": "titel",
    "purpose": "formål",
    "decision_reason": "begrundelse for afgørelsen",
    "public_token": "privat link",
    "outcome_story": "afrapporteringens tekst",
}
_CLEARED = {"applicant_address": "", "applicant_email": "", "applicant_phone": "",
            "applicant_cvr": None}


@dataclass(frozen=True)
class RetentionItem:
    """One case and exactly what anonymising it changes."""

    application_id: int
    reference: str
    pool_year: int
    state: str
    due_on: date
    fields: tuple[str, ...]
    message_ids: tuple[int, ...]
    audit_entry_ids: tuple[int, ...]
    mail_ids: tuple[int, ...] = ()
    note_ids: tuple[int, ...] = ()
    attachment_ids: tuple[int, ...] = ()
    budget_line_ids: tuple[int, ...] = ()
    photo_ids: tuple[int, ...] = ()  # the short report's photos: deleted, files and all

    @property
    def changes(self) -> str:
        """What is changed, in Danish, e.g. 'navn, e-mail, 2 beskeder, 3 revisionsposter'."""
        parts = [FIELD_LABELS[name] for name in self.fields]
        if self.budget_line_ids:
            parts.append(f"{len(self.budget_line_ids)} budgetlinje(r)")
        if self.message_ids:
            parts.append(f"{len(self.message_ids)} besked(er)")
        if self.audit_entry_ids:
            parts.append(f"{len(self.audit_entry_ids)} revisionspost(er)")
        if self.mail_ids:
            parts.append(f"{len(self.mail_ids)} e-mail(s)")
        if self.photo_ids:
            parts.append(f"{len(self.photo_ids)} billede(r) slettet")
        if self.note_ids:
            parts.append(f"{len(self.note_ids)} intern(e) note(r)")
        if self.attachment_ids:
            parts.append(f"{len(self.attachment_ids)} fil(er) fra ansøgeren")
        return ", ".join(parts)


def due_on(pool: Pool) -> date:
    """The day a pool's cases are anonymised: 1 January of year + 1 + retention_years."""
    return date(pool.year + 1 + pool.retention_years, 1, 1)


def _normalise(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").casefold()).strip()


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def payment_hold(session: Session, application: Application, *, today: date) -> str | None:
    """Why a payment record that names the applicant still needs it, or None."""
    name = _normalise(application.applicant_name)
    cvr = _digits(application.applicant_cvr)
    rows = session.exec(
        select(Payment, Invoice).join(Invoice, col(Invoice.id) == Payment.invoice_id)
        .where(Invoice.application_id == application.id).order_by(col(Payment.paid_on))).all()
    for payment, invoice in rows:
        keep_until = date(payment.paid_on.year + 1 + BOOKKEEPING_YEARS, 1, 1)
        names = name and name != _normalise(ANONYMOUS_NAME) and (
            name in _normalise(invoice.supplier_name) or name in _normalise(payment.reference))
        if today < keep_until and (names or (cvr and cvr == _digits(invoice.supplier_cvr))):
            return (f"Betalingen den {payment.paid_on:%d.%m.%Y} på {format_money(payment.amount)} "
                    f"({invoice.supplier_name} nr. {invoice.number}) nævner ansøgeren og skal "
                    f"efter bogføringsloven gemmes uændret til {keep_until:%d.%m.%Y}.")
    return None


def _audit_condition(application_id: int):
    return and_(
        col(AuditEntry.application_id) == application_id,
        or_(and_(col(AuditEntry.actor_role) == "resident",
                 col(AuditEntry.actor_name) != ANONYMOUS_NAME),
            and_(col(AuditEntry.note).is_not(None), col(AuditEntry.note) != REDACTED,
                 or_(col(AuditEntry.actor_role) == "resident",
                     col(AuditEntry.action).in_(FREE_TEXT_ACTIONS)))))


def case_mails(application: Application):
    """The outbox mails about one case: marked with it, or to its applicant's address and
    naming its reference (mails written before the outbox knew its case)."""
    about = col(OutboxMail.application_id) == application.id
    if not application.applicant_email:
        return select(OutboxMail).where(about)
    return select(OutboxMail).where(or_(about, and_(
        func.lower(OutboxMail.to) == application.applicant_email.strip().lower(),
        or_(col(OutboxMail.subject).contains(application.reference),
            col(OutboxMail.body).contains(application.reference)))))


def pending_item(session: Session, application: Application, pool: Pool) -> RetentionItem:
    """What anonymising ``application`` would change now (nothing, if it already is)."""
    fields = [name for name, cleared in _CLEARED.items()
              if getattr(application, name) != cleared]
    if application.applicant_name != ANONYMOUS_NAME:
        fields.insert(0, "applicant_name")
    if application.title != _anonymous_title(application):
        fields.append("title")
    if application.purpose != REDACTED:
        fields.append("purpose")
    if application.decision_reason not in (None, REDACTED):
        fields.append("decision_reason")
    if not application.token_revoked:
        fields.append("public_token")
    messages = session.exec(
        select(Message.id).where(
            Message.application_id == application.id,
            or_(col(Message.body) != REDACTED,
                and_(col(Message.sender_role) == "resident",
                     col(Message.sender_name) != ANONYMOUS_NAME)))
        .order_by(col(Message.id))).all()
    entries = session.exec(select(AuditEntry.id).where(_audit_condition(id_of(application)))
                           .order_by(col(AuditEntry.id))).all()
    mails = session.exec(case_mails(application).where(OutboxMail.body != REDACTED)
                         .order_by(OutboxMail.id)).all()
    notes = session.exec(select(CaseNote.id).where(CaseNote.application_id == application.id,
                                                   CaseNote.body != REDACTED)
                         .order_by(col(CaseNote.id))).all()
    lines = session.exec(select(BudgetLine.id).where(
        BudgetLine.application_id == application.id, BudgetLine.description != REDACTED)
        .order_by(col(BudgetLine.id))).all()
    report = session.exec(select(OutcomeReport).where(
        OutcomeReport.application_id == application.id)).first()
    if report is not None and (report.story not in ("", REDACTED)
                               or report.entered_by.startswith("ansøger ")
                               and report.entered_by != f"ansøger {ANONYMOUS_NAME}"):
        fields.append("outcome_story")
    photos = session.exec(select(OutcomePhoto.id).where(OutcomePhoto.report_id == report.id)
                          .order_by(col(OutcomePhoto.id))).all() if report is not None else []
    return RetentionItem(
        application_id=id_of(application), reference=application.reference, pool_year=pool.year,
        state=application.state, due_on=due_on(pool), fields=tuple(fields),
        message_ids=_ids(messages), audit_entry_ids=_ids(entries),
        mail_ids=tuple(id_of(mail) for mail in mails), note_ids=_ids(notes),
        attachment_ids=_ids(session.exec(select(ResidentAttachment.id).where(
            ResidentAttachment.application_id == application.id)
            .order_by(col(ResidentAttachment.id))).all()),
        budget_line_ids=_ids(lines), photo_ids=_ids(photos))


def _anonymous_title(application: Application) -> str:
    """What an anonymised case is called: the caseworker's public title, else a placeholder."""
    return application.public_title or REDACTED


def has_changes(item: RetentionItem) -> bool:
    return bool(item.fields or item.message_ids or item.audit_entry_ids or item.mail_ids
                or item.note_ids or item.attachment_ids or item.budget_line_ids
                or item.photo_ids)


def retention_plan(session: Session, *, today: date,
                   organisation_id: int | None = None) -> list[RetentionItem]:
    """The final cases whose retention has run out and what anonymising each would change."""
    session.flush()
    query = (select(Application, Pool).join(Pool, col(Pool.id) == Application.pool_id)
             .where(col(Application.state).in_(FINAL_STATES))
             .order_by(col(Pool.year), Application.reference))
    if organisation_id is not None:
        query = query.where(Pool.organisation_id == organisation_id)
    plan = []
    for application, pool in session.exec(query).all():
        if today < due_on(pool) or payment_hold(session, application, today=today):
            continue
        item = pending_item(session, application, pool)
        if has_changes(item):
            plan.append(item)
    return plan


def anonymise(session: Session, item: RetentionItem, actor: Actor, why: str, *,
              upload_dir: Path | None = None) -> None:
    """Change exactly what ``item`` lists and record it in the audit trail; the resident's
    files and the short report's photos are removed from ``upload_dir`` too.

    Photos are deleted at once, before the caller commits: should the commit fail, the rows
    are left pointing at files that are gone — which is what the anonymisation wanted anyway.
    """
    if item.photo_ids and upload_dir is None:
        raise ValueError("photos are to be deleted, but no upload folder was given")
    application = session.get_one(Application, item.application_id)
    for name in item.fields:
        if name == "outcome_story":
            _redact_report(session, application)
        elif name == "applicant_name":
            application.applicant_name = ANONYMOUS_NAME
        elif name == "title":
            application.title = _anonymous_title(application)
        elif name in ("purpose", "decision_reason"):
            setattr(application, name, REDACTED)
        elif name == "public_token":
            application.token_revoked = True
        else:
            setattr(application, name, _CLEARED[name])
    for line in session.exec(
            select(BudgetLine).where(col(BudgetLine.id).in_(item.budget_line_ids))):
        line.description = REDACTED
    for message in session.exec(select(Message).where(col(Message.id).in_(item.message_ids))).all():
        message.body = REDACTED
        if message.sender_role == "resident":
            message.sender_name = ANONYMOUS_NAME
    for mail in session.exec(select(OutboxMail).where(col(OutboxMail.id).in_(item.mail_ids))).all():
        mail.to = ""
        mail.body = REDACTED
        # Without an address it cannot leave; its attachments (letters) name the resident.
        mail.next_attempt_at = None
    session.execute(delete(OutboxAttachment).where(col(OutboxAttachment.mail_id).in_(item.mail_ids)))
    for photo in session.exec(select(OutcomePhoto).where(
            col(OutcomePhoto.id).in_(item.photo_ids))).all():
        session.delete(photo)
        assert upload_dir is not None  # refused above when photos come without the folder
        (upload_dir / photo.file_path).unlink(missing_ok=True)
    if item.photo_ids:
        for report in session.exec(select(OutcomeReport).where(
                OutcomeReport.application_id == application.id)).all():
            report.photo_consent = False
    for note in session.exec(select(CaseNote).where(col(CaseNote.id).in_(item.note_ids))).all():
        note.body = REDACTED
    # The resident's own quotes and photos go entirely, their files with them.
    for attachment in session.exec(select(ResidentAttachment).where(
            col(ResidentAttachment.id).in_(item.attachment_ids))).all():
        if upload_dir is not None:
            (upload_dir / Path(attachment.file_path).name).unlink(missing_ok=True)
        session.delete(attachment)
    session.flush()
    if item.audit_entry_ids:
        _redact_audit(session, item.audit_entry_ids)
    audit.record(session, actor, "anonymise", application=application,
                 from_state=application.state, to_state=application.state,
                 note=f"Personoplysninger anonymiseret ({why}): {item.changes}")
    session.flush()
    refresh_case(session, id_of(application))
    refresh_pairs(session, application)


def _redact_report(session: Session, application: Application) -> None:
    """The short report keeps its numbers (the board's measures); its words go."""
    report = session.exec(select(OutcomeReport).where(
        OutcomeReport.application_id == application.id)).one()
    if report.story:
        report.story = REDACTED
    if report.entered_by.startswith("ansøger "):
        report.entered_by = f"ansøger {ANONYMOUS_NAME}"
    session.add(report)


def _ids(found: Iterable[int | None]) -> tuple[int, ...]:
    """Ids read back from the database (never None there), in the order read."""
    return tuple(row_id for row_id in found if row_id is not None)


def _redact_audit(session: Session, entry_ids: tuple[int, ...]) -> None:
    # The one sanctioned change to the trail, checked by the database trigger (migration 0004).
    connection = session.connection()
    table = AuditEntry.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass
    chosen = table.c.id.in_(entry_ids)
    connection.execute(update(table).where(chosen, table.c.actor_role == "resident",
                                           table.c.actor_name != ANONYMOUS_NAME)
                       .values(actor_name=ANONYMOUS_NAME))
    connection.execute(update(table).where(
        chosen, table.c.note.is_not(None), table.c.note != REDACTED,
        or_(table.c.actor_role == "resident", table.c.action.in_(FREE_TEXT_ACTIONS)))
        .values(note=REDACTED))
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, AuditEntry) and loaded.id in entry_ids:
            session.expire(loaded)


def apply_retention(session: Session, actor: Actor, *, today: date,
                    organisation_id: int | None = None,
                    upload_dir: Path | None = None) -> list[RetentionItem]:
    """Anonymise every case the plan lists, exactly as listed; returns the plan carried out."""
    plan = retention_plan(session, today=today, organisation_id=organisation_id)
    for item in plan:
        anonymise(session, item, actor, f"opbevaringsfristen udløb {item.due_on:%d.%m.%Y}",
                  upload_dir=upload_dir)
    return plan
