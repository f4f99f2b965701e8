"""The board's list of pool years; a year's figures come from pulje.services.year_report."""

from __future__ import annotations

from sqlmodel import Session, col, select

from pulje.models import Pool


def pool_years(session: Session, organisation_id: int) -> list[int]:
    """The organisation's pool years, newest first (for the year selector)."""
    return list(session.exec(select(Pool.year).where(Pool.organisation_id == organisation_id)
                             .order_by(col(Pool.year).desc())).all())


def pools_by_year(session: Session, organisation_id: int) -> dict[int, Pool]:
    """The organisation's pools by year, newest first: the year selector's years, the chosen
    year's pool and the year before's, in one statement."""
    return {pool.year: pool for pool in session.exec(
        select(Pool).where(Pool.organisation_id == organisation_id)
        .order_by(col(Pool.year).desc())).all()}
