"""The pool's grants as 360Giving open data (JSON package and the standard's flat CSV).

Who is the recipient? A grant from the pool pays for a community activity in a housing
department (afdeling): the money goes to the suppliers against their invoices (rule R7) and
the beneficiaries are the department's residents, never the applicant as a person. 360Giving's
grants-to-individuals format (``recipientIndividual``) is for money, goods or services for one
person or family, so it would be wrong here, and it would also point at the resident who applied.
The standard's answer for a recipient without an official registration number, such as a
residents' group, is ``recipientOrganization`` with an identifier made of the publisher's
360Giving prefix and an internal identifier: here the department number
(``360G-DK-CVR-30000005-AFD-12``), named after the department and described as its residents.
The funder is the housing organisation with its org-id ``DK-CVR-<cvr>``; grant ids are the prefix
and the case's stable id (``360G-DK-CVR-30000005-2025-0007``), so they never change between
exports. No field of a row holds the applicant, and none is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from pulje.exports.formulas import defuse_formula
from pulje.exports.rows import (
    ExportError,
    GrantExportRow,
    OrganisationLike,
    kroner_number,
    plain_decimal,
    rfc3339,
)
from workflows.rules import PURPOSE_SLOTS

SCHEMA_VERSION = "1.4"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
# The pool's three purposes (R5): a grant may have up to this many classifications.
CLASSIFICATION_COLUMNS = 3
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9-]")


def org_id(cvr: str) -> str:
    """The org-id of a Danish organisation (list code DK-CVR)."""
    digits = (cvr or "").strip()
    if not (len(digits) == 8 and digits.isdigit()):
        raise ExportError(f"CVR-nummeret »{cvr}« har ikke 8 cifre.")
    return f"DK-CVR-{digits}"


def _id_part(value: str) -> str:
    # 360Giving asks for '-' as separator and '_' for spaces and other special characters.
    return _UNSAFE_ID.sub("_", value.strip())


def _purposes(row: GrantExportRow, vocabulary: str) -> list[dict]:
    result = []
    for code, title in row.purposes:
        if code not in PURPOSE_SLOTS or not (title or "").strip():
            raise ExportError(f"Formålet »{(title or '').strip() or code}« findes ikke i "
                              "puljens retningslinjer.")
        result.append({"vocabulary": vocabulary, "code": code, "title": title})
    return result


def _grant(row: GrantExportRow, prefix: str, funder: dict, organisation_name: str) -> dict:
    department = f"afdeling {row.department_number} {row.department_name}".strip()
    grant: dict = {
        "id": f"{prefix}-{_id_part(row.stable_id)}",
        "title": row.title,
        "description": row.description,
        "currency": "DKK",
        "amountAwarded": kroner_number(row.amount_granted),
        "awardDate": row.award_date.isoformat(),
        "recipientOrganization": [
            {
                "id": f"{prefix}-AFD-{_id_part(row.department_number)}",
                "name": f"{organisation_name}, {department}",
                "description": (
                    f"Beboerne i {department}. Tilskuddet betales til leverandørerne af "
                    "aktiviteten mod faktura, ikke til ansøgeren."
                ),
                "addressCountry": "DK",
            }
        ],
        "fundingOrganization": [funder],
        "grantProgramme": [
            {
                "code": f"{prefix}-PULJE-{row.pool_year}",
                "title": f"Fællesskabspuljen {row.pool_year}",
            }
        ],
        "beneficiaryLocation": [
            {"name": department[:1].upper() + department[1:], "countryCode": "DK"}
        ],
        "fromOpenCall": "Yes",
    }
    if row.amount_disbursed is not None:
        grant["amountDisbursed"] = kroner_number(row.amount_disbursed)
    if row.period_start is not None:
        planned = {"startDate": row.period_start.isoformat()}
        if row.period_end is not None:
            planned["endDate"] = row.period_end.isoformat()
        grant["plannedDates"] = [planned]
    purposes = _purposes(row, f"{funder['name']}: fællesskabspuljens formål")
    if purposes:
        grant["classifications"] = purposes
    if row.modified is not None:
        grant["dateModified"] = rfc3339(row.modified)
    return grant


def grants_360giving(
    rows: Iterable[GrantExportRow],
    *,
    organisation: OrganisationLike,
    year: int,
    prefix: str | None = None,
    issued: date | None = None,
    license: str = CC_BY_4,
    modified: datetime | None = None,
) -> dict:
    """A 360Giving package ``{"grants": [...]}`` of one organisation's grants in one pool year.

    ``modified`` defaults to the latest ``dateModified`` of the grants; ``license`` to CC BY 4.0.
    """
    funder_id = org_id(organisation.cvr)
    prefix = prefix or f"360G-{funder_id}"
    funder = {"id": funder_id, "name": organisation.legal_name or organisation.name}
    grants, seen, rows_seen = [], set(), []
    for row in rows:
        rows_seen.append(row)
        if row.pool_year != year:
            raise ExportError(f"Sag {row.reference} hører til puljen {row.pool_year}, ikke {year}.")
        if org_id(row.organisation_cvr) != funder_id:
            raise ExportError(f"Sag {row.reference} hører til en anden organisation.")
        if row.amount_granted <= 0:
            raise ExportError(f"Sag {row.reference} har intet bevilget beløb.")
        grant = _grant(row, prefix, funder, organisation.name)
        if grant["id"] in seen:
            raise ExportError(f"Sag {row.reference} optræder to gange ({grant['id']}).")
        seen.add(grant["id"])
        grants.append(grant)
    if not grants:
        raise ExportError(f"Der er ingen bevillinger i puljen {year} at eksportere.")
    package = {
        "grants": grants,
        "version": SCHEMA_VERSION,
        "title": f"{organisation.name}: fællesskabspuljen {year}",
        "identifier": f"{prefix}-PULJE-{year}",
        "publisher": {"identifier": funder_id, "name": organisation.name},
        "license": license,
    }
    if issued is not None:
        package["issued"] = issued.isoformat()
    latest = modified or max((row.modified for row in rows_seen if row.modified), default=None)
    if latest is not None:
        package["modified"] = rfc3339(latest)
    return package


CSV_COLUMNS = (
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: _csv_amount(g.get("amountAwarded"))),
    ("Amount Disbursed", lambda g: _csv_amount(g.get("amountDisbursed"))),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g.get("plannedDates", [{}])[0].get("startDate", "")),
    ("Planned Dates:End Date", lambda g: g.get("plannedDates", [{}])[0].get("endDate", "")),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:Country", lambda g: g["recipientOrganization"][0]["addressCountry"]),
    ("Recipient Org:Description", lambda g: g["recipientOrganization"][0]["description"]),
    ("Beneficiary Location:Name", lambda g: g["beneficiaryLocation"][0]["name"]),
    ("Beneficiary Location:Country Code", lambda g: g["beneficiaryLocation"][0]["countryCode"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From an open call?", lambda g: g["fromOpenCall"]),
    ("Last Modified", lambda g: g.get("dateModified", "")),
    *((f"Classifications:{i}:{title}", lambda g, i=i, key=key: _classification(g, i, key))
      for i in range(CLASSIFICATION_COLUMNS)
      for title, key in (("Vocabulary", "vocabulary"), ("Code", "code"), ("Title", "title"))),
)


def _classification(grant: dict, index: int, key: str) -> str:
    found = grant.get("classifications", [])
    return found[index][key] if index < len(found) else ""


def _csv_amount(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return plain_decimal(int(Decimal(repr(value)).scaleb(2)))


def _cell(value) -> str:
    # Amounts are written by _csv_amount and never negative; every text is defused.
    return defuse_formula(value) if isinstance(value, str) else value


def grants_360giving_csv(
    rows: Iterable[GrantExportRow], *, organisation: OrganisationLike, year: int, **options
) -> str:
    """The same grants as 360Giving's one-row-per-grant CSV (column titles of its template)."""
    package = grants_360giving(rows, organisation=organisation, year=year, **options)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for grant in package["grants"]:
        writer.writerow([_cell(value(grant)) for _, value in CSV_COLUMNS])
    return buffer.getvalue()
