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

from sqlmodel import Session, col, select

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
from pulje.models.ids import id_of
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from workflows.fields import ACCOUNT_MAX


@dataclass(frozen=True)
class Move:
    """Money out to a supplier (a payment) or back from one (a refund), as the journal reads
    it, with its journal line once it has one."""

    day: date
    money: Payment | Refund
    invoice: Invoice
    reference: str
    line: JournalLine | None

    @property
    def amount(self) -> int:
        """Øre out of the pool's account: a refund is negative."""
        return -int(self.money.amount) if isinstance(self.money, Refund) else int(self.money.amount)

    @property
    def order(self) -> tuple[date, bool, int]:
        """Date order, a day's payments before its refunds: the order new vouchers are given in."""
        return self.day, isinstance(self.money, Refund), id_of(self.money)


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
    rows = _moves(session, organisation_id, Payment, period_from, period_to) + \
        _moves(session, organisation_id, Refund, period_from, period_to)
    rows.sort(key=lambda move: move.order)
    export = JournalExport(organisation_id=organisation_id, period_from=period_from,
                           period_to=period_to, lines=len(rows), created_by=actor.label)
    session.add(export)
    session.flush()
    entries = []
    for move in rows:
        line, invoice = move.line, move.invoice
        if line is None:
            refunded = isinstance(move.money, Refund)
            line = JournalLine(organisation_id=organisation_id,
                               payment_id=None if refunded else move.money.id,
                               refund_id=move.money.id if refunded else None,
                               voucher_number=settings.next_voucher, export_id=id_of(export))
            settings.next_voucher += 1
            session.add(line)
        entries.append(JournalEntry(
            voucher=line.voucher_number, paid_on=move.day, case_reference=move.reference,
            supplier_name=invoice.supplier_name, invoice_number=invoice.number,
            amount=move.amount, account=settings.expense_account,
            contra_account=settings.bank_account, supplier_cvr=invoice.supplier_cvr,
            supplier_bank_account=invoice.payment_account))
    session.flush()
    entries.sort(key=lambda e: (e.paid_on, e.voucher))
    return Journal(export, tuple(entries))


def _moves(session: Session, organisation_id: int, money: type[Payment] | type[Refund],
           period_from: date, period_to: date) -> list[Move]:
    """Each payment — or, with ``money=Refund``, each refund — dated in the period."""
    day = col(Payment.paid_on) if money is Payment else col(Refund.received_on)
    line = col(JournalLine.payment_id) if money is Payment else col(JournalLine.refund_id)
    rows = session.exec(
        select(money, Invoice, Application.reference, JournalLine)
        .join(Invoice, col(Invoice.id) == money.invoice_id)
        .join(Application, col(Application.id) == Invoice.application_id)
        .join(Pool, col(Pool.id) == Application.pool_id)
        .outerjoin(JournalLine, line == money.id)
        .where(Pool.organisation_id == organisation_id, day >= period_from,
               day <= period_to)).all()
    moves: list[Move] = []
    for item, invoice, reference, kept in rows:
        if isinstance(item, Payment):
            moves.append(Move(item.paid_on, item, invoice, reference, kept))
        elif isinstance(item, Refund):
            moves.append(Move(item.received_on, item, invoice, reference, kept))
    return moves
