"""Outgoing e-mail: every mail is stored in the outbox; SMTP sends it when it is configured."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlmodel import Session, select

from pulje.models import OutboxAttachment, OutboxMail, utcnow

log = logging.getLogger(__name__)
PENDING = "pulje.mail.pending"


def smtp_settings() -> dict | None:
    """The app's SMTP settings (MAIL_SMTP_HOST, _PORT, _USER, _PASSWORD, _TLS, MAIL_FROM)."""
    if not has_app_context() or not current_app.config.get("MAIL_SMTP_HOST"):
        return None
    config = current_app.config
    return {
        "host": config["MAIL_SMTP_HOST"],
        "port": int(config.get("MAIL_SMTP_PORT") or 587),
        "user": config.get("MAIL_SMTP_USER") or "",
        "password": config.get("MAIL_SMTP_PASSWORD") or "",
        "tls": str(config.get("MAIL_SMTP_TLS", "starttls")).lower(),
        "sender": config.get("MAIL_FROM") or "pulje@localhost",
    }


def send_mail(session: Session, to: str, subject: str, body: str, *,
              attachments: tuple[tuple[str, str, bytes], ...] = (),
              application_id: int | None = None, kind: str | None = None) -> OutboxMail:
    """Store a mail in the outbox; with SMTP configured it is sent once the caller commits.

    ``attachments`` are (filename, mimetype, bytes); ``application_id`` and ``kind`` say which
    case the mail is about and what it announces, for the case's history."""
    mail = OutboxMail(to=to.strip(), subject=subject, body=body, application_id=application_id,
                      kind=kind)
    session.add(mail)
    session.flush()
    for filename, mimetype, content in attachments:
        session.add(OutboxAttachment(mail_id=mail.id, filename=filename, mimetype=mimetype,
                                     content=content))
    if attachments:
        session.flush()
    settings = smtp_settings()
    if settings is not None:
        # Sent after the commit: a mail must never announce a case whose transaction failed.
        session.info.setdefault(PENDING, []).append((settings, mail.id))
        for name, listener in (("after_commit", _send_pending), ("after_rollback", _forget)):
            if not event.contains(session, name, listener):
                event.listen(session, name, listener)
    return mail


def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)


def _send_pending(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if not pending:
        return
    # The committed session may not run SQL in this event: read and mark with a new one.
    with Session(bind=session.get_bind()) as own:
        for settings, mail_id in pending:
            mail = own.get(OutboxMail, mail_id)
            files = own.exec(select(OutboxAttachment).where(
                OutboxAttachment.mail_id == mail_id).order_by(OutboxAttachment.id)).all()
            try:
                deliver(settings, mail, files)
            except (OSError, smtplib.SMTPException):
                # The mail stays in the outbox unsent; the resident's step is not undone for it.
                log.exception("could not send outbox mail %s to %s", mail.id, mail.to)
            else:
                mail.sent_at = utcnow()
        own.commit()


def deliver(settings: dict, mail: OutboxMail, files=()) -> None:
    """Hand one mail to the SMTP server (SSL, STARTTLS or plain, as configured)."""
    message = EmailMessage()
    message["From"] = settings["sender"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings["sender"].rpartition("@")[2] or None)
    message.set_content(mail.body)
    for file in files:
        maintype, _, subtype = file.mimetype.partition("/")
        message.add_attachment(file.content, maintype=maintype, subtype=subtype,
                               filename=file.filename)
    context = ssl.create_default_context()
    if settings["tls"] == "ssl":
        client = smtplib.SMTP_SSL(settings["host"], settings["port"], context=context, timeout=20)
    else:
        client = smtplib.SMTP(settings["host"], settings["port"], timeout=20)
    with client:
        if settings["tls"] == "starttls":
            client.starttls(context=context)
        if settings["user"]:
            client.login(settings["user"], settings["password"])
        client.send_message(message)
