"""The board's list of pool years; a year's figures come from pulje.services.year_report."""

from __future__ import annotations

from sqlmodel import Session, select

from pulje.models import Pool


def pool_years(session: Session, organisation_id: int) -> list[int]:
    """The organisation's pool years, newest first (for the year selector)."""
    return list(session.exec(select(Pool.year).where(Pool.organisation_id == organisation_id)
                             .order_by(Pool.year.desc())).all())
