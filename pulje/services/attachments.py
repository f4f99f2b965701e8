"""The resident's own files on a case (quotes, photos): checked by content, kept privately."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, func, select

from pulje.models import Application, ResidentAttachment
from pulje.services.einvoice_import import store_file
from pulje.services.errors import IllegalTransition, InputError
from pulje.services.locks import lock_application
from pulje.uploads import clean_file_name
from workflows.application import FINAL_STATES

# What a file is, by its first bytes — never by its name or the browser's word for it.
SIGNATURES = (
    (b"%PDF-", ".pdf", "application/pdf"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
)
MAX_BYTES = 8 * 1024 * 1024
MAX_FILES = 10


def sniff(data: bytes) -> tuple[str, str]:
    """The suffix and type of a PDF, JPEG or PNG; anything else is refused in plain Danish."""
    for magic, suffix, mimetype in SIGNATURES:
        if data.startswith(magic):
            return suffix, mimetype
    raise InputError("Filen er hverken en PDF, et JPEG- eller et PNG-billede. Gem tilbuddet "
                     "som PDF eller tag et billede af det, og prøv igen.")


def check_file(data: bytes) -> tuple[str, str]:
    """A file a resident may send (not empty, not too big, a PDF, JPEG or PNG): its suffix and
    type. The application form asks this before submitting, so a bad file is named in the same
    round as every other error."""
    if not data:
        raise InputError("Filen er tom. Vælg filen igen.")
    if len(data) > MAX_BYTES:
        raise InputError(f"Filen er for stor. Den må højst fylde {MAX_BYTES // (1024 * 1024)} MB.")
    return sniff(data)


def add_attachment(session: Session, application: Application, data: bytes, *,
                   file_name: str | None, folder: Path) -> ResidentAttachment:
    """Keep a file the resident sent with their open case."""
    application = lock_application(session, application.id)
    if application.state in FINAL_STATES:
        raise IllegalTransition("Sagen er afsluttet, så der kan ikke sendes flere filer til den.")
    suffix, mimetype = check_file(data)
    count = session.exec(select(func.count()).select_from(ResidentAttachment).where(
        ResidentAttachment.application_id == application.id)).one()
    if count >= MAX_FILES:
        raise InputError(f"Sagen har allerede {MAX_FILES} filer. Kontakt os, hvis der er flere.")
    stored = store_file(folder, data, suffix)
    attachment = ResidentAttachment(
        application_id=application.id, file_path=stored, mimetype=mimetype, size=len(data),
        file_name=clean_file_name(file_name, suffix, f"bilag-{application.reference}"))
    session.add(attachment)
    session.flush()
    return attachment


def attachments_of(session: Session, application_id: int) -> list[ResidentAttachment]:
    """The case's files from the resident, oldest first."""
    return list(session.exec(select(ResidentAttachment).where(
        ResidentAttachment.application_id == application_id)
        .order_by(ResidentAttachment.uploaded_at, ResidentAttachment.id)).all())
