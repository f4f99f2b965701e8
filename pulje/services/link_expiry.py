"""The resident's private link: opening it, when it expires, and a new one from the staff.

A link opens its case while the case is open and for a set time after the case's last
activity (the installation's LINK_TTL_DAYS, 12 months by default): long enough to read the
decision and the payments, not a key that works for ever. The last activity is the latest of
the case's end, a new link from the staff, a mail asking for (or reminding of) the short
report after the activity, and the report itself: a link mailed to the resident always works
for the whole time after that mail, whenever the case was closed. After that the page says how
to get a new link; the organisation's staff make one (``pulje new-link``), which works for the
same time again.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from pulje.models import Application, Organisation, OutcomeReport, Pool, ReminderSent, utcnow
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


# The mails that carry the link to the short report (pulje.services.outcome_requests).
REPORT_MAILS = ("outcome_request", "outcome_reminder")


def link_expires_at(application: Application, ttl: timedelta) -> datetime | None:
    """The moment the link stops working counted from the end and a new link only; None while
    the case is open. (later_activity may push it further.)"""
    ended = ended_at(application)
    if ended is None:
        return None
    issued = application.link_issued_at
    return max(ended, issued) + ttl if issued is not None else ended + ttl


def later_activity(session: Session, application: Application) -> datetime | None:
    """The latest report request, reminder or short report on the case, if any."""
    mailed = session.exec(select(func.max(ReminderSent.created_at)).where(
        ReminderSent.application_id == application.id,
        col(ReminderSent.kind).in_(REPORT_MAILS))).one()
    reported = session.exec(select(OutcomeReport.entered_at).where(
        OutcomeReport.application_id == application.id)).first()
    moments = [moment for moment in (mailed, reported) if moment is not None]
    return max(moments) if moments else None


def open_link(session: Session, token: str, *, ttl: timedelta,
              now: datetime | None = None) -> Application:
    """The case the private link opens, unless it is revoked, wrong, or expired."""
    application = case_by_token(session, token)
    expires = link_expires_at(application, ttl)
    now = now or utcnow()
    if expires is not None and now >= expires:
        # Only an ended case's old link pays for the look at the report mails.
        later = later_activity(session, application)
        if later is not None:
            expires = max(expires, later + ttl)
    if expires is not None and now >= expires:
        organisation = session.get_one(
            Organisation, session.get_one(Pool, application.pool_id).organisation_id)
        contact = f"{organisation.name} ({organisation.email})" if organisation.email \
            else organisation.name
        raise LinkExpired(
            f"Linket er udløbet: sag {application.reference} er afsluttet, og et privat link "
            f"virker kun {ttl.days} dage efter sagens sidste aktivitet. Skriv til {contact} med "
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
