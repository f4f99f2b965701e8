"""The bookkeeping journal of an organisation's payments in a date range, with stable vouchers.

Voucher numbers (bilagsnumre) are the organisation's own sequence. A payment (or money a
supplier paid back) gets the next one the first time an export covers its date — in date order
within that export —
and keeps it: exporting the same period again gives the same lines, and the first export that
held a payment is recorded on it. The export itself is recorded (who, when, which period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from pulje.exports.journal import JournalEntry
from pulje.models import (
    Application,
    ExportSettings,
    Invoice,
    JournalExport,
    JournalLine,
    Payment,
    Pool,
    Refund,
)
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from workflows.fields import ACCOUNT_MAX


@dataclass(frozen=True)
class Journal:
    export: JournalExport
    entries: tuple[JournalEntry, ...]

    @property
    def total(self) -> int:
        return sum(entry.amount for entry in self.entries)


def set_accounts(session: Session, organisation_id: int, *, expense_account: str,
                 bank_account: str, open_data_license: str | None = None) -> ExportSettings:
    """Save the journal's ledger (expense) and contra (bank) accounts, and the open-data licence."""
    expense, bank = expense_account.strip(), bank_account.strip()
    for label, value in (("Udgiftskontoen", expense), ("Bankkontoen", bank)):
        if not value:
            raise InputError(f"{label} mangler.")
        if len(value) > ACCOUNT_MAX or not value.replace("-", "").isalnum():
            raise InputError(f"{label} »{value}« er ikke et kontonummer (højst {ACCOUNT_MAX} "
                             "bogstaver og cifre).")
    if expense == bank:
        raise InputError("Udgiftskontoen og bankkontoen skal være to forskellige konti.")
    settings = session.get(ExportSettings, organisation_id)
    if settings is None:
        settings = ExportSettings(organisation_id=organisation_id)
        session.add(settings)
    settings.expense_account, settings.bank_account = expense, bank
    if open_data_license is not None and open_data_license.strip():
        settings.open_data_license = open_data_license.strip()
    session.flush()
    return settings


def _settings(session: Session, organisation_id: int) -> ExportSettings:
    # Locked: two exports at once must not hand out the same voucher numbers.
    settings = session.get(ExportSettings, organisation_id, with_for_update=True)
    if settings is None or not settings.expense_account or not settings.bank_account:
        raise InputError("Bogføringskontiene er ikke sat op. En administrator angiver puljens "
                         "udgiftskonto og bankkontoen under Organisation (eller med pulje "
                         "export accounts --expense … --bank …).")
    return settings


def export_journal(session: Session, organisation_id: int, period_from: date, period_to: date,
                   actor: Actor) -> Journal:
    """Every payment and every refund dated in the period, numbered, as journal lines (a
    refund as a negative amount on the same accounts)."""
    if period_to < period_from:
        raise InputError(f"Perioden slutter ({period_to:%d.%m.%Y}) før den begynder "
                         f"({period_from:%d.%m.%Y}).")
    settings = _settings(session, organisation_id)
    rows = _payments(session, organisation_id, period_from, period_to) + \
        _refunds(session, organisation_id, period_from, period_to)
    # Date order, a day's payments before its refunds: the order new vouchers are given in.
    rows.sort(key=lambda row: (row[0], row[1] is None, (row[1] or row[2]).id))
    export = JournalExport(organisation_id=organisation_id, period_from=period_from,
                           period_to=period_to, lines=len(rows), created_by=actor.label)
    session.add(export)
    session.flush()
    entries = []
    for day, payment, refund, invoice, reference, line in rows:
        if line is None:
            line = JournalLine(organisation_id=organisation_id,
                               payment_id=payment.id if payment else None,
                               refund_id=refund.id if refund else None,
                               voucher_number=settings.next_voucher, export_id=export.id)
            settings.next_voucher += 1
            session.add(line)
        amount = int(payment.amount) if payment else -int(refund.amount)
        entries.append(JournalEntry(
            voucher=line.voucher_number, paid_on=day, case_reference=reference,
            supplier_name=invoice.supplier_name, invoice_number=invoice.number,
            amount=amount, account=settings.expense_account,
            contra_account=settings.bank_account, supplier_cvr=invoice.supplier_cvr,
            supplier_bank_account=invoice.payment_account))
    session.flush()
    entries.sort(key=lambda e: (e.paid_on, e.voucher))
    return Journal(export, tuple(entries))


def _payments(session: Session, organisation_id: int, period_from: date, period_to: date) -> list:
    """(day, payment, None, invoice, case reference, journal line or None) per payment."""
    rows = session.exec(
        select(Payment, Invoice, Application.reference, JournalLine)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .join(Pool, Pool.id == Application.pool_id)
        .outerjoin(JournalLine, JournalLine.payment_id == Payment.id)
        .where(Pool.organisation_id == organisation_id, Payment.paid_on >= period_from,
               Payment.paid_on <= period_to)).all()
    return [(p.paid_on, p, None, invoice, reference, line) for p, invoice, reference, line in rows]


def _refunds(session: Session, organisation_id: int, period_from: date, period_to: date) -> list:
    """(day, None, refund, invoice, case reference, journal line or None) per refund."""
    rows = session.exec(
        select(Refund, Invoice, Application.reference, JournalLine)
        .join(Invoice, Invoice.id == Refund.invoice_id)
        .join(Application, Application.id == Invoice.application_id)
        .join(Pool, Pool.id == Application.pool_id)
        .outerjoin(JournalLine, JournalLine.refund_id == Refund.id)
        .where(Pool.organisation_id == organisation_id, Refund.received_on >= period_from,
               Refund.received_on <= period_to)).all()
    return [(r.received_on, None, r, invoice, reference, line)
            for r, invoice, reference, line in rows]
