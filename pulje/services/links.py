"""Getting the private links again: the open cases an e-mail address applied with."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from pulje.models import Application, Organisation, Pool
from pulje.services import notifications
from workflows.application import FINAL_STATES


def open_cases_of(session: Session, organisation_id: int, email: str) -> list[Application]:
    """The organisation's open cases applied for with ``email`` (letter case ignored)."""
    address = email.strip().casefold()
    if not address:
        return []
    return list(session.exec(
        select(Application).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               func.lower(Application.applicant_email) == address,
               Application.state.not_in(FINAL_STATES), Application.token_revoked.is_(False))
        .order_by(Application.submitted_at, Application.id)).all())


def send_links_again(session: Session, organisation: Organisation, email: str, *,
                     language: str = "da") -> None:
    """Mail the links of the address's open cases to that address — and only there, so the
    asker learns nothing about an address that is not theirs. Returns nothing on purpose:
    the page must answer the same whether the address is known or not."""
    cases = open_cases_of(session, organisation.id, email)
    if cases:
        notifications.links_again(session, cases[0].applicant_email, cases, organisation,
                                  language=language)
