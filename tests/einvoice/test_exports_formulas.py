"""Both CSV exports defuse text a spreadsheet would run as a formula, through one function."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from pulje.exports import (
    ExportOrganisation,
    PaymentExportRow,
    formulas,
    giving360,
    journal,
    payments,
    payments_csv,
)
from pulje.exports.giving360 import grants_360giving_csv
from tests.helpers.grant_rows import case_row

DOMI = ExportOrganisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005")
HOSTILE = ['=HYPERLINK("http://x","Klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("title", HOSTILE)
def test_360giving_csv_defuses_titles_and_descriptions(title):
    row = case_row("2025-0007", "Karen Jensen", 1_000_00, title=title, description=title)
    record = next(csv.DictReader(io.StringIO(grants_360giving_csv([row], organisation=DOMI,
                                                                   year=2025))))
    assert record["Title"] == "'" + title
    assert record["Description"] == "'" + title
    # The figures are still plain numbers a spreadsheet reads as such.
    assert record["Amount Awarded"] == "1000"


@pytest.mark.parametrize("name", HOSTILE)
def test_payments_csv_defuses_supplier_names(name):
    row = PaymentExportRow(date(2025, 6, 30), "2025-0007", name, None, "1", 100, None, "")
    text = payments_csv([row]).decode("utf-8-sig")
    record = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1]
    # Tab and CR are made spaces and trimmed on one line; what is left is defused all the same.
    assert record[2].startswith("'") and record[2].lstrip("'").strip() == name.strip()


@pytest.mark.parametrize("text", ["Sommerfest", "2025-0007", "", "a=b", "'=1"])
def test_ordinary_text_is_left_alone(text):
    assert formulas.defuse_formula(text) == text


def test_both_exports_share_the_one_guard():
    assert giving360.defuse_formula is formulas.defuse_formula
    assert payments.defuse_formula is formulas.defuse_formula
    assert journal.defuse_formula is formulas.defuse_formula
