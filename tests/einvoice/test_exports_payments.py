"""The payments file opens in Danish bookkeeping: semicolons, decimal commas, BOM, CRLF."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from pulje.exports import PaymentExportRow, payments_csv, payments_xlsx

HEADER = ["Dato", "Sagsnr.", "Leverandør", "CVR", "Fakturanr.", "Beløb", "Leverandørens bankkonto",
          "Reference", "Fakturabeløb"]

ROWS = [
    PaymentExportRow(date(2025, 6, 30), "2025-0007", "Odder Festudlejning ApS", "41000007",
                     "2025-1187", 7_500_00, "DK5000400440116243", "Pulje 2025-0007", 7_500_00),
    PaymentExportRow(date(2025, 7, 2), "2025-0007", "Odder Festudlejning ApS", "41000007",
                     "2025-K-0031", -375_00, "DK5000400440116243", "Kreditnota"),
    PaymentExportRow(date(2025, 9, 8), "2025-0011", "Egholm Lyd & Lys ApS", "35000003",
                     "EL-4711", 1_234_50, "+71<000000000047115+85123456<", "Pulje 2025-0011",
                     2_000_00),
]


def read(data: bytes) -> list[list[str]]:
    """The CSV as Danish bookkeeping reads it: UTF-8 with BOM, semicolons."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def amount_ore(text: str) -> int:
    """A Danish amount such as "-375,00" back in øre."""
    return int(Decimal(text.replace(",", ".")) * 100)


def test_bom_crlf_and_header():
    data = payments_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == len(ROWS) + 1
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert read(data)[0] == HEADER


def test_rows_in_danish_formats_and_amounts_sum_to_the_total():
    header, *records = read(payments_csv(ROWS))
    assert records[0] == ["30-06-2025", "2025-0007", "Odder Festudlejning ApS", "41000007",
                          "2025-1187", "7500,00", "DK5000400440116243", "Pulje 2025-0007",
                          "7500,00"]
    # Accepted in part: the payment and what the invoice said, side by side; a refund has none.
    assert [r[header.index("Fakturabeløb")] for r in records] == ["7500,00", "", "2000,00"]
    assert [r[header.index("Beløb")] for r in records] == ["7500,00", "-375,00", "1234,50"]
    total = sum(amount_ore(r[header.index("Beløb")]) for r in records)
    assert total == sum(row.amount for row in ROWS) == 8_359_50


def test_text_that_would_run_as_a_formula_is_defused():
    row = PaymentExportRow(date(2025, 6, 30), "2025-0007", '=HYPERLINK("http://x","Klik")',
                           None, "1\n2", 100, "@SUM(A1)", "ok")
    (_, record) = read(payments_csv([row]))
    assert record[2] == "'=HYPERLINK(\"http://x\",\"Klik\")"
    assert record[3] == "" and record[4] == "1 2" and record[6] == "'@SUM(A1)"


def test_empty_export_has_only_the_header():
    assert read(payments_csv([])) == [HEADER]


text = st.text(max_size=30)


@given(st.lists(st.builds(
    PaymentExportRow, st.dates(), text, text, st.none() | text, text,
    st.integers(-(10**12), 10**12), st.none() | text, text), max_size=8))
def test_any_rows_read_back_one_for_one(rows):
    header, *records = read(payments_csv(rows))
    assert header == HEADER
    assert len(records) == len(rows)
    assert all(len(record) == len(HEADER) for record in records)
    assert sum(amount_ore(r[5]) for r in records) == sum(row.amount for row in rows)
    assert [r[0] for r in records] == [row.paid_on.strftime("%d-%m-%Y") for row in rows]


def test_workbook_has_real_dates_amounts_and_plain_texts():
    hostile = PaymentExportRow(date(2025, 6, 30), "2025-0012", "=1+1", None, "7", 50, None, "")
    sheet = load_workbook(io.BytesIO(payments_xlsx([*ROWS, hostile]))).active
    assert sheet.title == "Udbetalinger"
    assert [cell.value for cell in sheet[1]] == HEADER
    first = [cell.value for cell in sheet[2]]
    assert first[0] == datetime(2025, 6, 30)
    assert first[1:5] == ["2025-0007", "Odder Festudlejning ApS", "41000007", "2025-1187"]
    assert Decimal(str(first[5])) == Decimal("7500")
    assert sheet["F4"].value == 1234.5 and sheet["F4"].number_format == "#,##0.00"
    assert sheet["I4"].value == 2000 and sheet["I3"].value is None
    assert sheet["C5"].value == "=1+1" and sheet["C5"].data_type == "s"
    assert sheet.max_row == len(ROWS) + 2
