"""Sending the outbox: claim the mails that are due, hand each to SMTP, record what happened.

Several senders may run at once (a worker on each app server): a sender claims a batch in a
short transaction — ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, the write lock taken at
BEGIN on SQLite — by counting the attempt and moving the mail's next attempt a lease ahead, so
no other sender takes it while the SMTP conversation runs outside any transaction. A sender
that dies mid-conversation leaves the mail to be tried again when the lease runs out; a mail is
therefore delivered at least once, and twice only if a sender died between the server's
"250 OK" and the commit after it (the Message-ID stays the same, so mail clients show one).

A failed attempt waits ``RETRY_BASE · 2^(attempts-1)`` (at most ``RETRY_CAP``) before the next;
a permanent refusal (5xx for the recipient or the content) or the last of ``max_attempts``
gives the mail up: it stays in the outbox with its error, for ``pulje outbox`` to show.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from pulje.engine import run_in_transaction
from pulje.models import OutboxAttachment, OutboxMail, utcnow

log = logging.getLogger(__name__)

TLS_MODES = ("starttls", "ssl", "none")
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
# Longer than any SMTP conversation (SMTP_TIMEOUT_S for each step) can take.
LEASE = timedelta(minutes=10)
SMTP_TIMEOUT_S = 30
BATCH = 20


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how mail leaves: MAIL_SMTP_HOST, _PORT, _TLS, _USER, _PASSWORD, MAIL_FROM."""

    host: str
    port: int = 587
    tls: str = "starttls"
    user: str = ""
    password: str = ""
    sender: str = "pulje@localhost"
    max_attempts: int = 12

    @classmethod
    def from_config(cls, config: Mapping) -> SmtpSettings | None:
        """The settings in an app's config, or None when no SMTP host is configured."""
        if not config.get("MAIL_SMTP_HOST"):
            return None
        tls = str(config.get("MAIL_SMTP_TLS") or "starttls").lower()
        if tls not in TLS_MODES:
            raise ValueError(f"MAIL_SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
        # PULJE_* variables arrive JSON-parsed: a password of digits is an int, say.
        return cls(host=str(config["MAIL_SMTP_HOST"]),
                   port=int(config.get("MAIL_SMTP_PORT") or (465 if tls == "ssl" else 587)),
                   tls=tls, user=str(config.get("MAIL_SMTP_USER") or ""),
                   password=str(config.get("MAIL_SMTP_PASSWORD") or ""),
                   sender=str(config.get("MAIL_FROM") or "pulje@localhost"),
                   max_attempts=int(config.get("MAIL_MAX_ATTEMPTS") or 12))


@dataclass
class Report:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    given_up: int = 0


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from a minute, capped."""
    return min(RETRY_BASE * 2 ** min(max(attempts - 1, 0), 20), RETRY_CAP)


def send_due(factory: sessionmaker[Session], settings: SmtpSettings, *,
             now=utcnow, stop: threading.Event | None = None) -> Report:
    """Send every mail that is due now; returns how many were sent, deferred, given up."""
    report = Report()
    while stop is None or not stop.is_set():
        claimed = run_in_transaction(factory, lambda session: _claim(session, now()))
        if not claimed:
            break
        for mail_id in claimed:
            if stop is not None and stop.is_set():
                # Unsent claims come back when their lease runs out.
                break
            _send_one(factory, settings, mail_id, now, report)
    return report


def _claim(session: Session, now: datetime) -> list[int]:
    mails = session.exec(
        select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)).all()
    for mail in mails:
        mail.attempts += 1
        mail.next_attempt_at = now + LEASE
    session.flush()
    return [mail.id for mail in mails]


def _send_one(factory, settings: SmtpSettings, mail_id: int, now, report: Report) -> None:
    with factory() as session:
        mail = session.get(OutboxMail, mail_id)
        attachments = session.exec(select(OutboxAttachment).where(
            OutboxAttachment.mail_id == mail_id).order_by(OutboxAttachment.id)).all()
        recipient, attempts = mail.to, mail.attempts
        try:
            message = compose(settings, mail, attachments)
        except ValueError as exc:  # an address or subject no mail can carry
            message, failure = None, exc
        session.rollback()
    if message is not None:
        try:
            deliver(settings, message)
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            failure = exc
        else:
            failure = None
    if failure is None:
        def record_success(session: Session) -> None:
            row = session.get(OutboxMail, mail_id)
            row.sent_at, row.next_attempt_at, row.last_error = now(), None, None

        run_in_transaction(factory, record_success)
        report.sent += 1
        return

    give_up = is_permanent(failure) or attempts >= settings.max_attempts
    error = f"{type(failure).__name__}: {failure}"[:2000]
    log.warning("mail %s to %s: attempt %d failed (%s)%s", mail_id, recipient, attempts,
                failure, "; given up" if give_up else "")

    def record_failure(session: Session) -> None:
        row = session.get(OutboxMail, mail_id)
        row.last_error = error
        row.next_attempt_at = None if give_up else now() + backoff(attempts)

    run_in_transaction(factory, record_failure)
    if give_up:
        report.given_up += 1
    else:
        report.retrying += 1


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer about this mail (recipient, sender, content): trying again cannot help.

    A refused login (535) is the configuration's fault, not the mail's: that is retried.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    # A header no mail can carry (a line break in the address, say): it never will. (A
    # certificate that fails its check is a ValueError too, and an OSError: retried.)
    return isinstance(exc, ValueError) and not isinstance(exc, OSError)


def compose(settings: SmtpSettings, mail: OutboxMail,
            attachments: list[OutboxAttachment]) -> EmailMessage:
    """The MIME message for one outbox mail: UTF-8 text, attachments as parts."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(mail.created_at.timestamp(), localtime=False)
    # The same for every attempt, so a mail delivered twice (see above) is known as one.
    domain = settings.sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<outbox-{mail.id}-{int(mail.created_at.timestamp())}@{domain}>"
    message.set_content(mail.body)
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                               filename=attachment.filename)
    return message


def tls_context() -> ssl.SSLContext:
    """TLS to the SMTP server: its certificate checked against the system's CAs."""
    return ssl.create_default_context()


def deliver(settings: SmtpSettings, message: EmailMessage) -> None:
    """Hand one message to the SMTP server (SSL, STARTTLS or plain, as configured)."""
    context = tls_context()
    if settings.tls == "ssl":
        client = smtplib.SMTP_SSL(settings.host, settings.port, context=context,
                                  timeout=SMTP_TIMEOUT_S)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_S)
    with client:
        if settings.tls == "starttls":
            client.starttls(context=context)
        if settings.user:
            client.login(settings.user, settings.password)
        client.send_message(message)
