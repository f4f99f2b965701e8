"""The mails a case's steps send: to the resident (in their language) and to the team address.

Each lifecycle service calls one function here after its step succeeded, inside the same
transaction: a step that a rule refuses raises before it gets here, and a step rolled back takes
its mail with it, so every mail announces something that really happened, once. Texts live in
``templates/mail/<language>/<kind>.txt``: the first line is the subject, the rest the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.runtime import Context
from sqlmodel import Session, col, select

from pulje.addresses import private_link
from pulje.models import Application, Invoice, Organisation, OutboxMail, Payment, Pool
from pulje.services.mail import send_mail
from workflows.money import format_money

MAIL_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "mail"
LANGUAGES = ("da", "en")
# The kinds a resident receives, for their history; the rest go to the team address.
RESIDENT_KINDS = ("receipt", "question", "approved", "rejected", "invoice_refused", "payment",
                  "reminder", "lapsed", "links", "outcome_request", "outcome_reminder")
KIND_LABELS = {
    "receipt": "Kvittering", "question": "Spørgsmål", "approved": "Tilsagn",
    "rejected": "Afslag", "invoice_refused": "Faktura afvist", "payment": "Betaling",
    "reminder": "Påmindelse om fakturafrist", "lapsed": "Tilsagn bortfaldet",
    "links": "Links sendt igen", "new_application": "Ny ansøgning (til teamet)",
    "answered": "Ansøgeren har svaret (til teamet)",
    "outcome_request": "Bedt om afrapportering", "outcome_reminder": "Påmindelse om afrapportering",
}

SILENT = "pulje.notifications.silent"

_environment = Environment(loader=FileSystemLoader(str(MAIL_TEMPLATES)), autoescape=False,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                           keep_trailing_newline=True)


def case_link(application: Application) -> str:
    """The resident's private link to the case, on the configured address (never the request's
    Host: anyone can make a receipt go to any address)."""
    return private_link(application.public_token)


@pass_context
def _money(context: Context, ore: int) -> str:
    """The ``|money`` filter of the mail templates, in the mail's language."""
    if context["mail_language"] == "da":
        return format_money(ore)
    return format_currency(Decimal(ore).scaleb(-2), "DKK", locale="en_GB")


@pass_context
def _date(context: Context, value: date) -> str:
    """The ``|date`` filter of the mail templates: 05.03.2026 in Danish, 5 March 2026 in English."""
    if context["mail_language"] == "da":
        return format_date(value, "dd.MM.y", locale="da_DK")
    return format_date(value, "d MMMM y", locale="en")


_environment.filters.update(money=_money, date=_date)


def render(kind: str, language: str, **context) -> tuple[str, str]:
    """The subject and body of a mail of ``kind`` in ``language`` (Danish when not offered)."""
    language = language if language in LANGUAGES else "da"
    try:
        template = _environment.get_template(f"{language}/{kind}.txt")
    except TemplateNotFound:
        language = "da"
        template = _environment.get_template(f"da/{kind}.txt")
    text = template.render(mail_language=language, **context)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def _organisation(session: Session, application: Application) -> Organisation:
    pool = session.get_one(Pool, application.pool_id)
    return session.get_one(Organisation, pool.organisation_id)


@contextmanager
def silenced(session: Session) -> Iterator[None]:
    """Within this block the session's steps write no mails (loading invented demo cases)."""
    session.info[SILENT] = True
    try:
        yield
    finally:
        session.info.pop(SILENT, None)


def _to_resident(session: Session, application: Application, kind: str, *,
                 attachments=(), **context) -> OutboxMail | None:
    if session.info.get(SILENT) or not application.applicant_email:
        return None
    organisation = _organisation(session, application)
    subject, body = render(kind, application.language, application=application,
                           organisation=organisation, link=case_link(application), **context)
    return send_mail(session, application.applicant_email, subject, body,
                     attachments=attachments, application_id=application.id, kind=kind)


def _to_team(session: Session, application: Application, kind: str,
             **context) -> OutboxMail | None:
    organisation = _organisation(session, application)
    if session.info.get(SILENT) or not organisation.email:
        return None
    subject, body = render(kind, "da", application=application, organisation=organisation,
                           link=case_link(application), **context)
    return send_mail(session, organisation.email, subject, body, application_id=application.id,
                     kind=kind)


def application_submitted(session: Session, application: Application) -> None:
    """The receipt to the resident and a note of the new case to the team."""
    _to_resident(session, application, "receipt")
    _to_team(session, application, "new_application")


def question_asked(session: Session, application: Application, question: str) -> None:
    """The caseworker's question, so the resident need not look in by chance."""
    _to_resident(session, application, "question", question=question.strip())


def resident_answered(session: Session, application: Application, text: str) -> None:
    """Tell the team that the case is back in review with an answer."""
    _to_team(session, application, "answered", answer=text.strip())


def approved(session: Session, application: Application, *, deadline: date) -> None:
    """The approval with the letter as PDF and what the resident must do next."""
    from pulje.services.documents import decision_letter_data
    from reports.letters import build_decision_letter_pdf

    pdf = build_decision_letter_pdf(decision_letter_data(session, application))
    _to_resident(session, application, "approved", deadline=deadline,
                 attachments=((f"tilsagn-{application.reference}.pdf", "application/pdf", pdf),))


def rejected(session: Session, application: Application) -> None:
    """The rejection with its reason and whom to contact."""
    _to_resident(session, application, "rejected")


def invoice_refused(session: Session, invoice: Invoice) -> None:
    """A supplier's invoice was refused: why, and that the supplier must send a corrected one."""
    application = session.get_one(Application, invoice.application_id)
    _to_resident(session, application, "invoice_refused", invoice=invoice)


def payment_made(session: Session, payment: Payment, invoice: Invoice) -> None:
    """The supplier was paid."""
    application = session.get_one(Application, invoice.application_id)
    _to_resident(session, application, "payment", invoice=invoice, payment=payment)


def reminder(session: Session, application: Application, *, deadline: date,
             days_left: int) -> OutboxMail | None:
    """The invoice deadline is near and no invoice has come."""
    return _to_resident(session, application, "reminder", deadline=deadline,
                        days_left=days_left)


def lapsed(session: Session, application: Application, *, deadline: date) -> None:
    """The grant lapsed: no invoice came by the deadline."""
    _to_resident(session, application, "lapsed", deadline=deadline)


def links_again(session: Session, email: str, cases: list[Application],
                organisation: Organisation, language: str = "da") -> OutboxMail | None:
    """Mail the private links of an address's open cases (nothing when it has none)."""
    if not cases:
        return None
    subject, body = render("links", language, organisation=organisation,
                           cases=[(case, case_link(case)) for case in cases])
    return send_mail(session, email, subject, body, kind="links")


def mails_of_case(session: Session, application_id: int, *,
                  resident_only: bool = False) -> list[OutboxMail]:
    """The mails written about a case, oldest first (the resident's own only, if asked)."""
    query = select(OutboxMail).where(OutboxMail.application_id == application_id)
    if resident_only:
        query = query.where(col(OutboxMail.kind).in_(RESIDENT_KINDS))
    return list(session.exec(query.order_by(col(OutboxMail.created_at), col(OutboxMail.id))).all())


def outcome_request(session: Session, application: Application, *, reminder: bool) -> None:
    """Ask for the short report after the activity (or remind, once), with its page's link."""
    _to_resident(session, application, "outcome_reminder" if reminder else "outcome_request",
                 report_link=f"{case_link(application)}/afrapportering")
