"""The resident's private link: opening it, when it expires, and a new one from the staff.

A link opens its case while the case is open and for a set time after it ended (the
installation's LINK_TTL_DAYS, 12 months by default): long enough to read the decision and
the payments, not a key that works for ever. After that the page says how to get a new link;
the organisation's staff make one (``pulje new-link``), which works for the same time again.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session

from pulje.models import Application, Organisation, Pool, utcnow
from pulje.services import audit
from pulje.services.actors import Actor
from pulje.services.errors import InputError, NotFound
from pulje.services.queries import case_by_token


class LinkExpired(NotFound):
    """The link was right, but its case ended too long ago; the message says what to do."""


def ended_at(application: Application) -> datetime | None:
    """When the case ended: closed, lapsed or withdrawn, or the rejection; None while open."""
    if application.ended_at is not None:
        return application.ended_at
    return application.decided_at if application.state == "rejected" else None


def link_expires_at(application: Application, ttl: timedelta) -> datetime | None:
    """The moment the link stops working; None while the case is open."""
    ended = ended_at(application)
    if ended is None:
        return None
    issued = application.link_issued_at
    return max(ended, issued) + ttl if issued is not None else ended + ttl


def open_link(session: Session, token: str, *, ttl: timedelta,
              now: datetime | None = None) -> Application:
    """The case the private link opens, unless it is revoked, wrong, or expired."""
    application = case_by_token(session, token)
    expires = link_expires_at(application, ttl)
    if expires is not None and (now or utcnow()) >= expires:
        organisation = session.get(Organisation,
                                   session.get(Pool, application.pool_id).organisation_id)
        contact = f"{organisation.name} ({organisation.email})" if organisation.email \
            else organisation.name
        raise LinkExpired(
            f"Linket er udløbet: sag {application.reference} er afsluttet, og et privat link "
            f"virker kun {ttl.days} dage efter afslutningen. Skriv til {contact} med "
            "sagsnummeret og dit navn, hvis du vil se sagen igen — så sender de dig et nyt link.")
    return application


def renew_link(session: Session, application: Application, actor: Actor) -> str:
    """Give the case a new private link (the old one stops working); returns the new token."""
    if application.token_revoked:
        raise InputError(f"Sag {application.reference} er anonymiseret; den har intet link.")
    application.public_token = secrets.token_urlsafe(32)
    application.link_issued_at = utcnow()
    session.add(application)
    audit.record(session, actor, "link_renewed", application=application,
                 note="Nyt privat link til ansøgeren")
    session.flush()
    return application.public_token
