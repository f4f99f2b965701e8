"""The 360Giving export validates against the local schema, offline, and names no resident."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.exceptions import Unresolvable

from pulje.exports import (
    ExportError,
    ExportOrganisation,
    GrantExportRow,
    grants_360giving,
    grants_360giving_csv,
    kroner_number,
)
from tests.giving360_schema import _schema, is_date_time, package_validator
from tests.helpers.grant_rows import case_row

DOMI = ExportOrganisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005")
APPLICANTS = ("Karen Jensen", "Ole Sørensen")


ROWS = [
    case_row("2025-0007", APPLICANTS[0], 20_000_00, amount_disbursed=7_125_00,
             period_start=date(2025, 6, 14), period_end=date(2025, 6, 14)),
    case_row("2025-0011", APPLICANTS[1], 4_500_50, department_number="3",
             department_name="Vesterhåb",
             purposes=(("short_notice", "ønskes igangsat med et kortere varsel"),)),
]


def test_package_validates_against_the_local_schema():
    package = grants_360giving(ROWS, organisation=DOMI, year=2025, issued=date(2026, 1, 15))
    package_validator().validate(package)
    assert json.loads(json.dumps(package)) == package


def test_date_time_format_is_really_checked():
    assert is_date_time("2026-01-15T10:00:00Z") and is_date_time("2026-01-15T10:00:00+01:00")
    assert not is_date_time("2026-01-15") and not is_date_time("2026-13-15T10:00:00Z")
    package = grants_360giving(ROWS, organisation=DOMI, year=2025)
    package["grants"][0]["dateModified"] = "i går"
    assert not package_validator().is_valid(package)


def test_validation_really_reaches_the_grant_schema():
    package = grants_360giving(ROWS, organisation=DOMI, year=2025)
    del package["grants"][0]["currency"]
    assert not package_validator().is_valid(package)
    package = grants_360giving(ROWS, organisation=DOMI, year=2025)
    package["grants"][0]["currency"] = "kroner"
    assert not package_validator().is_valid(package)


def test_schema_is_never_fetched():
    # Without the local grant schema registered, validation fails instead of going online.
    validator = Draft202012Validator(_schema("360-giving-package-schema.json"), registry=Registry())
    with pytest.raises(Unresolvable):
        validator.validate(grants_360giving(ROWS, organisation=DOMI, year=2025))


def test_figures_ids_and_recipient():
    grants = grants_360giving(ROWS, organisation=DOMI, year=2025)["grants"]
    first, second = grants
    assert first["id"] == "360G-DK-CVR-30000005-2025-0007"
    assert first["currency"] == "DKK"
    assert first["amountAwarded"] == 20000 and isinstance(first["amountAwarded"], int)
    assert first["amountDisbursed"] == 7125
    assert second["amountAwarded"] == 4500.5
    assert first["fundingOrganization"] == [{"id": "DK-CVR-30000005", "name": "DOMI Bolig"}]
    (recipient,) = second["recipientOrganization"]
    assert recipient["id"] == "360G-DK-CVR-30000005-AFD-3"
    assert recipient["name"] == "DOMI Bolig, afdeling 3 Vesterhåb"
    assert "recipientIndividual" not in second
    assert first["plannedDates"] == [{"startDate": "2025-06-14", "endDate": "2025-06-14"}]
    assert [c["code"] for c in first["classifications"]] == ["across_departments", "small_group"]


def test_ids_are_stable_across_exports():
    forwards = grants_360giving(ROWS, organisation=DOMI, year=2025)["grants"]
    backwards = grants_360giving(ROWS[::-1], organisation=DOMI, year=2025)["grants"]
    assert {g["id"]: g for g in forwards} == {g["id"]: g for g in backwards}


def test_no_resident_is_named_anywhere():
    package = json.dumps(grants_360giving(ROWS, organisation=DOMI, year=2025), ensure_ascii=False)
    flat = grants_360giving_csv(ROWS, organisation=DOMI, year=2025)
    for name in APPLICANTS:
        assert name not in package and name not in flat
    assert not any("applicant" in field for field in GrantExportRow.__dataclass_fields__)


def test_csv_has_the_standard_columns_and_exact_amounts():
    text = grants_360giving_csv(ROWS, organisation=DOMI, year=2025)
    assert "\r\n" in text
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["Identifier"] for r in records] == [
        "360G-DK-CVR-30000005-2025-0007",
        "360G-DK-CVR-30000005-2025-0011",
    ]
    assert [r["Amount Awarded"] for r in records] == ["20000", "4500.50"]
    assert records[0]["Amount Disbursed"] == "7125" and records[1]["Amount Disbursed"] == ""
    assert records[0]["Funding Org:Identifier"] == "DK-CVR-30000005"
    assert records[1]["Recipient Org:Identifier"] == "360G-DK-CVR-30000005-AFD-3"
    assert records[0]["Currency"] == "DKK"
    total = sum(Decimal(r["Amount Awarded"]) for r in records) * 100
    assert total == sum(row.amount_granted for row in ROWS)


@pytest.mark.parametrize(
    ("rows", "year", "words"),
    [
        ([], 2025, "ingen bevillinger i puljen 2025"),
        (ROWS, 2024, "hører til puljen 2025, ikke 2024"),
        ([replace(ROWS[0], organisation_cvr="29000018")], 2025, "anden organisation"),
        ([ROWS[0], ROWS[0]], 2025, "optræder to gange"),
        ([replace(ROWS[0], purposes=(("fest", "fest"),))], 2025, "Formålet »fest«"),
        ([replace(ROWS[0], purposes=(("small_group", " "),))], 2025, "Formålet »small_group«"),
        ([replace(ROWS[0], amount_granted=0)], 2025, "intet bevilget beløb"),
    ],
)
def test_refusals_are_danish(rows, year, words):
    with pytest.raises(ExportError) as refused:
        grants_360giving(rows, organisation=DOMI, year=year)
    assert words in refused.value.message


def test_funder_needs_a_cvr_number():
    with pytest.raises(ExportError, match="8 cifre"):
        grants_360giving(ROWS, organisation=replace(DOMI, cvr="DK-30000005"), year=2025)


def test_special_characters_in_ids_become_underscores():
    row = replace(ROWS[0], stable_id="2025/0007 b", department_number="12 A")
    (grant,) = grants_360giving([row], organisation=DOMI, year=2025)["grants"]
    assert grant["id"] == "360G-DK-CVR-30000005-2025_0007_b"
    assert grant["recipientOrganization"][0]["id"] == "360G-DK-CVR-30000005-AFD-12_A"


@given(st.integers(-(10**13), 10**13))
def test_kroner_number_is_exact(ore):
    value = kroner_number(ore)
    assert Decimal(json.dumps(value)) * 100 == ore
    assert isinstance(value, int) == (ore % 100 == 0)
