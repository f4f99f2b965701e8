"""Writing e-mail: every mail goes into the outbox in the caller's transaction.

Nothing here talks to an SMTP server: a request (or a CLI step) that writes a mail only adds
rows, so a mail exists exactly when the step that wrote it committed, and a slow or absent mail
server never slows a page. ``pulje mail worker`` (pulje.services.mail_delivery) sends them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from pulje.models import OutboxAttachment, OutboxMail

# (filename, MIME type, content), e.g. ("tilsagn-2026-0007.pdf", "application/pdf", b"%PDF…").
Attachment = tuple[str, str, bytes]


def send_mail(session: Session, to: str, subject: str, body: str, *,
              attachments: Iterable[Attachment] = (), application_id: int | None = None,
              kind: str | None = None) -> OutboxMail:
    """Queue a mail (with ``attachments``) to ``to``; it leaves once the caller has committed.

    ``application_id`` and ``kind`` ("receipt", "decision", …) name the case the mail is about
    and what it says, for the case's history; leave them out for mails about no case.
    """
    mail = OutboxMail(to=to.strip(), subject=subject, body=body,
                      application_id=application_id, kind=kind)
    session.add(mail)
    session.flush()
    for filename, mimetype, content in attachments:
        if "/" not in mimetype:
            raise ValueError(f"not a MIME type: {mimetype!r}")
        session.add(OutboxAttachment(mail_id=mail.id, filename=filename, mimetype=mimetype,
                                     content=bytes(content)))
    session.flush()
    return mail
