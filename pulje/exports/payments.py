"""Payments to suppliers for the bookkeeping: a Danish CSV file and, for people, a workbook.

The CSV is what Danish accounting systems (e-conomic, Dinero, Uniconta) import into a journal
(kassekladde): fields separated by semicolons, amounts with a decimal comma and no thousands
dots ("1234,50", "-375,00": a thousands dot is read as a decimal point by some importers),
dates as dd-mm-yyyy (the Danish Excel and e-conomic default), UTF-8 with a byte order mark so
Excel shows æ, ø and å, and CRLF line ends. Text that a spreadsheet would run as a formula
(starting with = + - @) gets a leading apostrophe (pulje.exports.formulas): supplier names
come from uploaded invoices.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from pulje.exports.formulas import defuse_formula
from pulje.exports.rows import PaymentExportRow, danish_decimal

# "Konto" is a ledger account in every Danish bookkeeping system; the supplier's account is named
# as such (the journal with ledger accounts is pulje.exports.journal).
HEADER = ("Dato", "Sagsnr.", "Leverandør", "CVR", "Fakturanr.", "Beløb",
          "Leverandørens bankkonto", "Reference", "Fakturabeløb")
DATE_FORMAT = "%d-%m-%Y"


def _one_line(value: str | None) -> str:
    # One line per payment and no control characters, whatever the input held.
    printable = "".join(ch if ch.isprintable() else " " for ch in value or "")
    return " ".join(printable.split())


def _texts(row: PaymentExportRow) -> dict[int, str]:
    """The text columns by position, each on one line."""
    values = (row.case_reference, row.supplier_name, row.supplier_cvr, row.invoice_number)
    texts = {index: _one_line(value) for index, value in enumerate(values, start=1)}
    texts[6] = _one_line(row.account)
    texts[7] = _one_line(row.payment_reference)
    return texts


def _csv_fields(row: PaymentExportRow) -> list[str]:
    fields = [row.paid_on.strftime(DATE_FORMAT), "", "", "", "", danish_decimal(row.amount)]
    fields += ["", "", "" if row.invoice_amount is None else danish_decimal(row.invoice_amount)]
    for index, text in _texts(row).items():
        fields[index] = defuse_formula(text)
    return fields


def payments_csv(rows: Iterable[PaymentExportRow]) -> bytes:
    """The payments as a semicolon CSV for Danish bookkeeping (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(_csv_fields(row))
    return buffer.getvalue().encode("utf-8-sig")


def payments_xlsx(rows: Iterable[PaymentExportRow]) -> bytes:
    """The same payments as an Excel workbook: real dates and amounts, texts kept as text."""
    from openpyxl import Workbook  # only this export needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Udbetalinger"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None] * len(HEADER))
        cells = sheet[sheet.max_row]
        cells[0].value = row.paid_on
        cells[0].number_format = "DD-MM-YYYY"
        for index, text in _texts(row).items():
            # Typed as plain strings so that no value from an invoice can become a formula.
            cells[index].value = text
            cells[index].data_type = "s"
        cells[5].value = Decimal(row.amount).scaleb(-2)
        cells[5].number_format = "#,##0.00"
        if row.invoice_amount is not None:
            cells[8].value = Decimal(row.invoice_amount).scaleb(-2)
            cells[8].number_format = "#,##0.00"
    for letter, width in zip("ABCDEFGHI", (12, 11, 32, 10, 14, 14, 24, 20, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
