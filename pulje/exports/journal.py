"""The bookkeeping journal (kassekladde) as files: e-conomic, Dinero, a generic CSV and a workbook.

One line per payment, in payment-date order: the voucher number (bilagsnummer), the payment
date, a text naming the case, the supplier and the invoice, the amount, the ledger account
(the pool's expense account, debited) and the contra account (the bank account the money left,
credited). The supplier's CVR and bank account have their own, plainly named columns in the
generic files; "Konto" is always a ledger account, as in e-conomic, Dinero and Uniconta.

Danish conventions throughout, as the journal imports read them: semicolons, a decimal comma
and no thousands dots, dates dd-mm-yyyy, UTF-8 with a byte order mark, CRLF line ends; text
that a spreadsheet would run as a formula gets a leading apostrophe.

e-conomic's and Dinero's journal imports map the columns of a semicolon file in their import
dialogs; the two files here carry exactly the journal fields each asks for, in the order their
dialogs propose (e-conomic: Dato, Bilag, Konto, Tekst, Beløb, Modkonto; Dinero: Dato, Bilag,
Tekst, Beløb, Konto, Modkonto), with one header row to skip.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pulje.exports.rows import danish_decimal

DATE_FORMAT = "%d-%m-%Y"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class JournalEntry:
    """One journal line: a payment to a supplier on a case, or (negative) money paid back."""

    voucher: int
    paid_on: date
    case_reference: str
    supplier_name: str
    invoice_number: str
    amount: int  # øre; money back from a supplier is negative
    account: str  # the pool's expense account (debit)
    contra_account: str  # the bank account (credit)
    supplier_cvr: str | None
    supplier_bank_account: str | None

    @property
    def text(self) -> str:
        """E.g. 'Sag 2025-0007 Odder Festudlejning ApS faktura 1001' (+ ' tilbagebetalt')."""
        refunded = " tilbagebetalt" if self.amount < 0 else ""
        return (f"Sag {self.case_reference} {self.supplier_name} "
                f"faktura {self.invoice_number}{refunded}")


def _clean(value: str | None) -> str:
    printable = "".join(ch if ch.isprintable() else " " for ch in value or "")
    text = " ".join(printable.split())
    return "'" + text if text.startswith(_FORMULA_START) else text


Column = tuple[str, Callable[[JournalEntry], str]]

GENERIC: Sequence[Column] = (
    ("Bilag", lambda e: str(e.voucher)),
    ("Dato", lambda e: e.paid_on.strftime(DATE_FORMAT)),
    ("Tekst", lambda e: _clean(e.text)),
    ("Beløb", lambda e: danish_decimal(e.amount)),
    ("Konto", lambda e: _clean(e.account)),
    ("Modkonto", lambda e: _clean(e.contra_account)),
    ("Sagsnr.", lambda e: _clean(e.case_reference)),
    ("Leverandør", lambda e: _clean(e.supplier_name)),
    ("Fakturanr.", lambda e: _clean(e.invoice_number)),
    ("Leverandørens CVR", lambda e: _clean(e.supplier_cvr)),
    ("Leverandørens bankkonto", lambda e: _clean(e.supplier_bank_account)),
)
ECONOMIC: Sequence[Column] = (
    ("Dato", lambda e: e.paid_on.strftime(DATE_FORMAT)),
    ("Bilag", lambda e: str(e.voucher)),
    ("Konto", lambda e: _clean(e.account)),
    ("Tekst", lambda e: _clean(e.text)),
    ("Beløb", lambda e: danish_decimal(e.amount)),
    ("Modkonto", lambda e: _clean(e.contra_account)),
)
DINERO: Sequence[Column] = (
    ("Dato", lambda e: e.paid_on.strftime(DATE_FORMAT)),
    ("Bilag", lambda e: str(e.voucher)),
    ("Tekst", lambda e: _clean(e.text)),
    ("Beløb", lambda e: danish_decimal(e.amount)),
    ("Konto", lambda e: _clean(e.account)),
    ("Modkonto", lambda e: _clean(e.contra_account)),
)
FORMATS = {"csv": GENERIC, "e-conomic": ECONOMIC, "dinero": DINERO}


def journal_csv(entries: Iterable[JournalEntry], kind: str = "csv") -> bytes:
    """The journal as a semicolon file in ``kind``'s columns (see FORMATS)."""
    columns = FORMATS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in columns])
    for entry in entries:
        writer.writerow([value(entry) for _, value in columns])
    return buffer.getvalue().encode("utf-8-sig")


def journal_xlsx(entries: Iterable[JournalEntry]) -> bytes:
    """The generic journal as a workbook: real dates and amounts, every text kept as text."""
    from openpyxl import Workbook  # only this export needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kassekladde"
    sheet.append([title for title, _ in GENERIC])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append([None] * len(GENERIC))
        cells = sheet[sheet.max_row]
        for index, (title, value) in enumerate(GENERIC):
            if title == "Bilag":
                cells[index].value = entry.voucher
            elif title == "Dato":
                cells[index].value = entry.paid_on
                cells[index].number_format = "DD-MM-YYYY"
            elif title == "Beløb":
                cells[index].value = Decimal(entry.amount).scaleb(-2)
                cells[index].number_format = "#,##0.00"
            else:
                cells[index].value = value(entry).removeprefix("'")
                cells[index].data_type = "s"  # a text from an invoice never becomes a formula
    for letter, width in zip("ABCDEFGHIJK", (7, 11, 48, 13, 9, 10, 11, 30, 12, 12, 24),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
