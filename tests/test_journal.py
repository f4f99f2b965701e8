"""The bookkeeping journal: one line per payment by payment date, stable voucher numbers, totals
equal to the payments, the same file when a period is exported again."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import select

from pulje.exports.journal import journal_csv, journal_xlsx
from pulje.models import Application, Invoice, JournalExport, JournalLine, Payment, Refund
from pulje.services.errors import InputError
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.journal import export_journal, set_accounts
from pulje.services.payments import record_payment, record_refund
from tests.factories import CASEWORKER, invoice_input

D = date


@pytest.fixture
def payments(session, organisation, make_case):
    """Four payments on three cases, paid 10.03, 02.04 (two) and 15.05.2026, recorded out of
    date order; one supplier gives a bank account."""
    made = []
    for number, (amount, paid_on, account) in enumerate((
            (4_000_00, D(2026, 4, 2), None), (2_500_50, D(2026, 3, 10), "1234 5678901"),
            (1_000_00, D(2026, 5, 15), None), (3_000_00, D(2026, 4, 2), None))):
        case = make_case("approved", requested=10_000_00)
        invoice = register_invoice(session, case, CASEWORKER, invoice_input(
            amount, number=f"F-{number}", supplier_name="Odder Festudlejning ApS"))
        invoice.payment_account = account
        accept_invoice(session, invoice, CASEWORKER)
        made.append(record_payment(session, invoice, CASEWORKER, paid_on=paid_on,
                                   idempotency_key=f"journal-{number}").payment)
    set_accounts(session, organisation.id, expense_account="2750", bank_account="5820")
    return made


def paid_between(session, start: date, end: date) -> int:
    return int(session.exec(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.paid_on >= start, Payment.paid_on <= end)).one())


def test_one_line_per_payment_by_payment_date_with_sequential_vouchers(session, organisation,
                                                                       payments):
    journal = export_journal(session, organisation.id, D(2026, 3, 1), D(2026, 4, 30),
                             CASEWORKER)
    assert [(e.voucher, e.paid_on, e.amount) for e in journal.entries] == [
        (1, D(2026, 3, 10), 2_500_50), (2, D(2026, 4, 2), 4_000_00),
        (3, D(2026, 4, 2), 3_000_00)]
    assert journal.total == paid_between(session, D(2026, 3, 1), D(2026, 4, 30))
    first = journal.entries[0]
    assert first.text == "Sag 2026-0002 Odder Festudlejning ApS faktura F-1"
    assert (first.account, first.contra_account, first.supplier_cvr,
            first.supplier_bank_account) == ("2750", "5820", "41000007", "1234 5678901")
    lines = session.exec(select(JournalLine).order_by(JournalLine.voucher_number)).all()
    assert {line.export_id for line in lines} == {journal.export.id}
    assert (journal.export.lines, journal.export.created_by) == (3, "sagsbehandler Mette Hansen")


def test_a_re_export_is_identical_and_later_payments_continue_the_sequence(session,
                                                                          organisation,
                                                                          payments):
    first = export_journal(session, organisation.id, D(2026, 3, 1), D(2026, 4, 30), CASEWORKER)
    again = export_journal(session, organisation.id, D(2026, 3, 1), D(2026, 4, 30), CASEWORKER)
    for kind in ("csv", "e-conomic", "dinero"):
        assert journal_csv(again.entries, kind) == journal_csv(first.entries, kind)
    assert again.export.id != first.export.id
    year = export_journal(session, organisation.id, D(2026, 1, 1), D(2026, 12, 31), CASEWORKER)
    assert [e.voucher for e in year.entries] == [1, 2, 3, 4]
    assert year.total == paid_between(session, D(2026, 1, 1), D(2026, 12, 31))
    # Each line stays marked with the export that first held it.
    marks = dict(session.exec(select(JournalLine.voucher_number, JournalLine.export_id)).all())
    assert marks == {1: first.export.id, 2: first.export.id, 3: first.export.id,
                     4: year.export.id}
    assert session.exec(select(func.count()).select_from(JournalExport)).one() == 3


def test_the_files_total_the_payments_and_name_their_columns_plainly(session, organisation,
                                                                    payments):
    journal = export_journal(session, organisation.id, D(2026, 1, 1), D(2026, 12, 31),
                             CASEWORKER)
    raw = journal_csv(journal.entries)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == ["Bilag", "Dato", "Tekst", "Beløb", "Konto", "Modkonto", "Sagsnr.",
                             "Leverandør", "Fakturanr.", "Leverandørens CVR",
                             "Leverandørens bankkonto"]
    assert {r["Konto"] for r in rows} == {"2750"} and {r["Modkonto"] for r in rows} == {"5820"}
    assert rows[0]["Dato"] == "10-03-2026" and rows[0]["Beløb"] == "2500,50"
    assert rows[0]["Leverandørens bankkonto"] == "1234 5678901"
    total = sum(int(r["Beløb"].replace(",", "")) for r in rows)
    assert total == paid_between(session, D(2026, 1, 1), D(2026, 12, 31))
    economic = journal_csv(journal.entries, "e-conomic").decode("utf-8-sig").splitlines()
    assert economic[0] == "Dato;Bilag;Konto;Tekst;Beløb;Modkonto"
    assert economic[1] == ("10-03-2026;1;2750;Sag 2026-0002 Odder Festudlejning ApS faktura "
                           "F-1;2500,50;5820")
    dinero = journal_csv(journal.entries, "dinero").decode("utf-8-sig").splitlines()
    assert dinero[0] == "Dato;Bilag;Tekst;Beløb;Konto;Modkonto"
    sheet = load_workbook(io.BytesIO(journal_xlsx(journal.entries))).active
    amounts = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(amounts) * 100 == total


def test_money_paid_back_is_booked_as_a_negative_line_with_its_own_voucher(
        session, organisation, payments):
    # The supplier of the 4.000 kr. payment (02.04) sends a credit note of 1.500 kr. and pays
    # it back on 20.04: the books must show 2.500 kr. spent on that case, as the pool does.
    invoice = session.get(Invoice, payments[0].invoice_id)
    case = session.get(Application, invoice.application_id)
    register_invoice(session, case, CASEWORKER, invoice_input(
        -1_500_00, number="K-1", credits_invoice_id=invoice.id))
    record_refund(session, invoice, CASEWORKER, amount=1_500_00, received_on=D(2026, 4, 20),
                  reference="Retur 1")
    journal = export_journal(session, organisation.id, D(2026, 3, 1), D(2026, 4, 30),
                             CASEWORKER)
    assert [(e.voucher, e.paid_on, e.amount) for e in journal.entries] == [
        (1, D(2026, 3, 10), 2_500_50), (2, D(2026, 4, 2), 4_000_00),
        (3, D(2026, 4, 2), 3_000_00), (4, D(2026, 4, 20), -1_500_00)]
    refunded = int(session.exec(select(func.sum(Refund.amount))).one())
    assert journal.total == paid_between(session, D(2026, 3, 1), D(2026, 4, 30)) - refunded
    assert journal.entries[-1].text == (
        f"Sag {case.reference} Odder Festudlejning ApS faktura {invoice.number} "
        "tilbagebetalt")
    rows = list(csv.DictReader(io.StringIO(journal_csv(journal.entries, "e-conomic")
                                           .decode("utf-8-sig")), delimiter=";"))
    assert rows[-1]["Beløb"] == "-1500,00" and rows[-1]["Bilag"] == "4"
    # Exported again: the refund keeps its voucher.
    again = export_journal(session, organisation.id, D(2026, 4, 20), D(2026, 4, 20), CASEWORKER)
    assert [(e.voucher, e.amount) for e in again.entries] == [(4, -1_500_00)]


def test_refusals_leave_nothing_behind(session, organisation, make_case):
    with pytest.raises(InputError, match="Bogføringskontiene er ikke sat op"):
        export_journal(session, organisation.id, D(2026, 1, 1), D(2026, 1, 31), CASEWORKER)
    set_accounts(session, organisation.id, expense_account="2750", bank_account="5820")
    with pytest.raises(InputError, match="slutter .* før den begynder"):
        export_journal(session, organisation.id, D(2026, 2, 1), D(2026, 1, 31), CASEWORKER)
    assert session.exec(select(func.count()).select_from(JournalExport)).one() == 0
    with pytest.raises(InputError, match="to forskellige konti"):
        set_accounts(session, organisation.id, expense_account="5820", bank_account="5820")
    with pytest.raises(InputError, match="ikke et kontonummer"):
        set_accounts(session, organisation.id, expense_account="=cmd()", bank_account="5820")


def test_an_empty_period_gives_just_the_header(session, organisation, payments):
    journal = export_journal(session, organisation.id, D(2025, 1, 1), D(2025, 12, 31),
                             CASEWORKER)
    assert journal.entries == () and journal.total == 0
    assert journal_csv(journal.entries).decode("utf-8-sig") == (
        "Bilag;Dato;Tekst;Beløb;Konto;Modkonto;Sagsnr.;Leverandør;Fakturanr.;"
        "Leverandørens CVR;Leverandørens bankkonto\r\n")


def test_the_journal_from_the_command_line(demo_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PULJE_ACTOR", "mette@domi.example")
    assert "Bogføringskontiene er ikke sat op" in demo_cli(
        "export", "journal", "--from", "2025-01-01", "--to", "2025-12-31", ok=False)
    assert "konto 2750 med modkonto 5820" in demo_cli("export", "accounts", "--expense", "2750",
                                                  "--bank", "5820")
    target = tmp_path / "kassekladde.csv"
    out = demo_cli("export", "journal", "--from", "2025-01-01", "--to", "2025-12-31", "-o", target,
              "--format", "e-conomic")
    assert "i alt 96.500,00" in out
    rows = target.read_bytes().decode("utf-8-sig").splitlines()[1:]
    assert sum(int(r.split(";")[4].replace(",", "")) for r in rows) == 96_500_00
