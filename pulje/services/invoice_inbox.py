"""Incoming invoices across an organisation's cases, and e-invoices matched to their case.

A supplier asked to write the case number on the invoice puts it in the order reference, the
buyer reference or the payment ID. An uploaded e-invoice is read, the case numbers in those
fields are looked up, and the caseworker confirms the case before the invoice is registered
on it (with every check of R6–R9, as on the case page). Until then the file waits under a
random name in the upload folder's inbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from pulje.einvoice import EInvoiceError, ParsedInvoice, parse_invoice
from pulje.models import Application, Invoice, Pool
from pulje.services.actors import Actor
from pulje.services.einvoice_import import import_einvoice, store_file
from pulje.services.errors import InputError, NotFound
from pulje.services.queries import case_by_reference

CASE_NUMBER = re.compile(r"(?<!\d)(\d{4}-\d{4})(?!\d)")
PENDING_NAME = re.compile(r"[0-9a-f]{32}\.xml")
INBOX = "indbakke"
# Received: waits to be accepted or refused; accepted: waits to be paid.
OPEN_INVOICE_STATES = ("received", "accepted")


@dataclass(frozen=True)
class EInvoiceMatch:
    """An uploaded e-invoice, the case numbers written on it and the case they name."""

    parsed: ParsedInvoice
    pending: str
    numbers: tuple[str, ...]
    case: Application | None

    @property
    def explanation(self) -> str:
        """Why no case was found, in Danish (empty when one was)."""
        if self.case is not None:
            return ""
        if not self.numbers:
            return ("Fakturaen nævner ikke et sagsnummer i ordrereference, købers reference "
                    "eller betalings-ID. Skriv sagsnummeret herunder.")
        return (f"Sagsnummer {', '.join(self.numbers)} fra fakturaen findes ikke hos "
                "organisationen. Skriv det rigtige sagsnummer herunder.")


def incoming_invoices(session: Session, organisation_id: int) -> list[tuple[Invoice, Application]]:
    """The organisation's invoices awaiting acceptance or payment, oldest first."""
    return list(session.exec(
        select(Invoice, Application).join(Application, Application.id == Invoice.application_id)
        .join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id, Invoice.state.in_(OPEN_INVOICE_STATES))
        .order_by(Invoice.state.desc(), Invoice.id)).all())  # received before accepted


def case_numbers(parsed: ParsedInvoice) -> tuple[str, ...]:
    """The case numbers ("2026-0011") in the invoice's references, in order, each once."""
    return tuple(dict.fromkeys(n for text in parsed.references
                               for n in CASE_NUMBER.findall(text)))


def match_einvoice(session: Session, organisation_id: int, data: bytes, *,
                   folder: Path) -> EInvoiceMatch:
    """Read an uploaded e-invoice, keep it in the inbox and find the case it names."""
    try:
        parsed = parse_invoice(data)
    except EInvoiceError as exc:
        raise InputError(exc.message) from exc
    numbers = case_numbers(parsed)
    case = None
    for number in numbers:
        try:
            case = case_by_reference(session, organisation_id, number)
            break
        except NotFound:
            continue
    return EInvoiceMatch(parsed=parsed, pending=store_file(folder / INBOX, data, ".xml"),
                         numbers=numbers, case=case)


def register_matched(session: Session, organisation_id: int, actor: Actor, *, reference: str,
                     pending: str, file_name: str, folder: Path) -> Invoice:
    """Register the waiting e-invoice on the case the caseworker confirmed."""
    if not PENDING_NAME.fullmatch(pending or ""):
        raise InputError("Den uploadede fil findes ikke længere. Upload e-fakturaen igen.")
    path = folder / INBOX / pending
    if not path.is_file():
        raise InputError("Den uploadede fil findes ikke længere. Upload e-fakturaen igen.")
    try:
        case = case_by_reference(session, organisation_id, reference.strip())
    except NotFound as exc:
        raise InputError(f"Sagen {reference.strip()} findes ikke.") from exc
    invoice = import_einvoice(session, case, actor, path.read_bytes(), file_name=file_name,
                              folder=folder)
    path.unlink(missing_ok=True)
    return invoice
