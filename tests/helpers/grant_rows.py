"""A grant row for the export tests, built the way the services build one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pulje.exports import GrantExportRow


def case_row(reference: str, applicant: str, amount: int, **changes) -> GrantExportRow:
    """A grant row built the way the services build it: the applicant is never copied over."""
    case = {
        "reference": reference,
        "applicant": applicant,
        "title": "Sommerfest for afdelingerne",
        "purpose": "Telt, borde og musik til en fælles sommerfest.",
    }
    row = GrantExportRow(
        reference=case["reference"],
        stable_id=case["reference"],
        title=case["title"],
        description=case["purpose"],
        department_name="Egholmparken",
        department_number="12",
        amount_granted=amount,
        award_date=date(2025, 5, 20),
        pool_year=2025,
        organisation_name="DOMI Bolig",
        organisation_legal_name="DOMI Bolig",
        organisation_cvr="30000005",
        purposes=(("across_departments", "går på tværs af afdelinger"),
                  ("small_group", "for en mindre gruppe")),
    )
    return replace(row, **changes)
