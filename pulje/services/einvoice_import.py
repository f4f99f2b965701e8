"""Putting a supplier's e-invoice (UBL XML) on a case: read safely, store the file, check R7–R9."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlmodel import Session

from pulje.einvoice import CREDIT_NOTE, EInvoiceError, parse_invoice
from pulje.models import Application, Invoice
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from pulje.services.invoices import InvoiceInput, register_invoice


def store_file(folder: Path, data: bytes, suffix: str) -> str:
    """Keep an uploaded file under a random name outside the static folder; returns the name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}{suffix}"
    (folder / name).write_bytes(data)
    return name


def _account(parsed) -> str | None:
    # A Danish bank account is only payable with its registration number in front of it.
    if parsed.payment_account and parsed.payment_bank_code:
        return f"{parsed.payment_bank_code} {parsed.payment_account}"[:60]
    return parsed.payment_account


def import_einvoice(session: Session, application: Application, actor: Actor, data: bytes, *,
                    file_name: str, folder: Path) -> Invoice:
    """Read ``data`` as a UBL invoice or credit note and register it on the case.

    A file that cannot be used (not XML, hostile, not UBL, not DKK, no total) raises InputError
    and stores nothing; one that a rule refuses is stored as refused, with its file and reason.
    """
    try:
        parsed = parse_invoice(data)
    except EInvoiceError as exc:
        raise InputError(exc.message) from exc
    stored = store_file(folder, data, ".xml")
    notices = list(parsed.warnings)
    try:
        invoice = register_invoice(session, application, actor, InvoiceInput(
            supplier_name=parsed.supplier.name, supplier_cvr=parsed.supplier.cvr,
            number=parsed.number, issue_date=parsed.issue_date,
            activity_date=parsed.activity_date, buyer_name=parsed.buyer.name,
            buyer_cvr=parsed.buyer.cvr, currency=parsed.currency, amount=parsed.amount,
            is_credit_note=parsed.document_type == CREDIT_NOTE,
            credits_number=parsed.credits_number,
            payee_name=parsed.payee.name if parsed.payee else None,
            payee_cvr=parsed.payee.cvr if parsed.payee else None,
            payment_account=_account(parsed), source="xml", file_path=stored,
            file_name=Path(file_name).name[:200]))
    except BaseException:
        (folder / stored).unlink(missing_ok=True)
        raise
    if notices:
        invoice.notice = "\n".join(filter(None, [invoice.notice, *notices]))
    session.flush()
    return invoice
