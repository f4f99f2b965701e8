"""Publishing a pool year as open data: the organisation's licence, a check for personal data
in the public texts, and the 360Giving package and CSV built from the grant rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from pulje.exports import grants_360giving, grants_360giving_csv
from pulje.models import Application, Department, ExportSettings, Organisation, Pool
from pulje.services.exports import grant_rows
from pulje.services.public_text import personal_data_warnings


def export_settings(session: Session, organisation_id: int) -> ExportSettings:
    """The organisation's export settings; the defaults (CC BY 4.0, no accounts) until saved."""
    settings = session.get(ExportSettings, organisation_id)
    return settings or ExportSettings(organisation_id=organisation_id)


@dataclass(frozen=True)
class PublicTextWarning:
    reference: str
    warning: str

    @property
    def message(self) -> str:
        return f"Sag {self.reference}: {self.warning}"


def case_warnings(session: Session, application: Application) -> list[str]:
    """What in one granted case's public title and description looks like personal data."""
    department = session.get(Department, application.department_id)
    organisation = session.get(Organisation, session.get(Pool, application.pool_id)
                               .organisation_id)
    text = f"{application.public_title or ''}. {application.public_description or ''}"
    return personal_data_warnings(text, application, allowed=(
        department.name, organisation.name, organisation.legal_name))


def open_data_warnings(session: Session, pool: Pool) -> list[PublicTextWarning]:
    """Everything in the year's public titles and descriptions that looks like personal data."""
    organisation = session.get(Organisation, pool.organisation_id)
    rows = {row.reference: row for row in grant_rows(session, pool)}
    cases = session.exec(
        select(Application, Department).join(Department,
                                             Department.id == Application.department_id)
        .where(Application.pool_id == pool.id, Application.granted.is_not(None))
        .order_by(Application.reference)).all()
    found = []
    for case, department in cases:
        row = rows[case.reference]
        allowed = (department.name, organisation.name, organisation.legal_name)
        for warning in personal_data_warnings(f"{row.title}. {row.description}", case,
                                              allowed=allowed):
            found.append(PublicTextWarning(case.reference, warning))
    return found


def _options(session: Session, pool: Pool, today: date) -> dict:
    settings = export_settings(session, pool.organisation_id)
    return {"organisation": session.get(Organisation, pool.organisation_id), "year": pool.year,
            "issued": today, "license": settings.open_data_license}


def open_data_package(session: Session, pool: Pool, today: date) -> dict:
    """The year's grants as a 360Giving package, issued today under the organisation's licence."""
    return grants_360giving(grant_rows(session, pool), **_options(session, pool, today))


def open_data_csv(session: Session, pool: Pool, today: date) -> str:
    """The same grants as 360Giving's CSV, with the same fields per grant."""
    return grants_360giving_csv(grant_rows(session, pool), **_options(session, pool, today))
