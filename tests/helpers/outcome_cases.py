"""A demo case the resident can still give the short report on.

The demo's closed cases ended in the pool's earlier year, longer ago than a private link lives
(pulje.services.link_expiry); the short report is asked for when the activity is over, so the
report tests take a case closed without a report and move its closing to a few weeks ago.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists
from sqlmodel import Session, select

from pulje.models import Application, OutcomeReport, utcnow

RECENTLY = timedelta(days=20)


def recently_closed_without_report(session: Session) -> Application:
    """The first demo case closed without a report, closed ``RECENTLY`` (committed)."""
    application = session.exec(select(Application).where(
        Application.state == "closed", ~exists().where(
            OutcomeReport.application_id == Application.id)).order_by(Application.id)).first()
    application.ended_at = utcnow() - RECENTLY
    session.add(application)
    session.commit()
    return application
