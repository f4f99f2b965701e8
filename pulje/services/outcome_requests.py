"""Asking for the short report by mail: once when the activity is over, one reminder later.

A step of the daily job (pulje.services.daily). Each mail goes at most once per case: it is
sent only together with its ReminderSent row ("outcome_request", "outcome_reminder"), unique
per case and kind, so a second run the same day — or two runs at once — sends nothing new.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from pulje.models import Application, OutcomeReport, Pool, ReminderSent
from pulje.models.ids import id_of
from pulje.services import audit, notifications
from pulje.services.actors import Actor

REMINDER_AFTER = timedelta(days=14)
# Cases that ended long before the request mail existed are not asked out of the blue.
ASK_WITHIN = timedelta(days=60)
REQUEST, REMINDER = "outcome_request", "outcome_reminder"


def ended_on(application: Application) -> date:
    """When the activity counts as over: its period's end, or the case's closing if earlier."""
    if application.state == "closed" and application.ended_at is not None:
        return min(application.period_end, application.ended_at.date())
    return application.period_end


def _candidates(session: Session, organisation_id: int) -> list[Application]:
    no_report = ~exists().where(col(OutcomeReport.application_id) == Application.id)
    return list(session.exec(
        select(Application).join(Pool, col(Pool.id) == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               col(Application.state).in_(("approved", "closed")),
               Application.applicant_email != "", ~col(Application.token_revoked), no_report)
        .order_by(col(Application.id))).all())


def claim_mail(session: Session, application_id: int, kind: str, today: date) -> bool:
    """Record that the mail ``kind`` is sent for the case; False when it was already (or
    concurrently): the daily job's reminders and report requests each go out once."""
    try:
        with session.begin_nested():
            session.add(ReminderSent(application_id=application_id, kind=kind, sent_on=today))
            session.flush()
    except IntegrityError:
        return False
    return True


def send_outcome_requests(session: Session, organisation_id: int, *,
                          today: date) -> tuple[list[str], list[str]]:
    """Mail the request to each case whose activity is over, and the reminder where due;
    returns the references asked and those reminded."""
    asked: list[str] = []
    reminded: list[str] = []
    system = Actor.system("daglig kørsel")
    for application in _candidates(session, organisation_id):
        over = ended_on(application)
        if over > today:
            continue
        sent = {row.kind: row.sent_on for row in session.exec(select(ReminderSent).where(
            ReminderSent.application_id == application.id,
            col(ReminderSent.kind).in_((REQUEST, REMINDER)))).all()}
        if REQUEST not in sent:
            if today - over > ASK_WITHIN:
                continue
            kind, action, done = REQUEST, "outcome_requested", asked
        elif REMINDER not in sent and today >= sent[REQUEST] + REMINDER_AFTER:
            kind, action, done = REMINDER, "outcome_reminded", reminded
        else:
            continue
        if claim_mail(session, id_of(application), kind, today):
            notifications.outcome_request(session, application, reminder=kind == REMINDER)
            audit.record(session, system, action, application=application)
            done.append(application.reference)
    session.flush()
    return asked, reminded
