"""Asking for the short report by mail: once when the activity is over, one reminder later.

Run daily (``pulje outcomes remind``). Each mail is sent at most once per case: the
``outcome_request`` row (unique per case and kind) is the record, written in the same
transaction as the mail, so a second run the same day — or two runs at once — sends nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists
from sqlmodel import Session, select

from pulje.models import Application, Organisation, OutcomeReport, OutcomeRequest, Pool
from pulje.services import audit
from pulje.services.actors import Actor
from pulje.services.mail import send_mail

REMINDER_AFTER = timedelta(days=14)
# Cases that ended long before the request mail existed are not asked out of the blue.
ASK_WITHIN = timedelta(days=60)

REQUEST = """Hej {name}

Aktiviteten »{title}« ({reference}) er slut. Vil du fortælle os kort, hvordan det gik?
Det tager to minutter: hvor mange deltog, fra hvilke afdelinger, et par ord, og gerne et
billede.

{link}

Det er frivilligt, men det hjælper os og bestyrelsen med at se, hvad puljen gør godt for.

Venlig hilsen
{organisation}
"""

REMINDER = """Hej {name}

For 14 dage siden bad vi om en kort afrapportering af »{title}« ({reference}).
Hvis du har to minutter, kan du give den her:

{link}

Det er frivilligt. Dette er den eneste påmindelse, vi sender.

Venlig hilsen
{organisation}
"""


@dataclass
class RequestRun:
    """What one run sent: the cases asked for the first time, and those reminded."""

    requested: list[str]
    reminded: list[str]


def ended_on(application: Application) -> date:
    """When the activity counts as over: its period's end, or the case's closing if earlier."""
    if application.state == "closed" and application.ended_at is not None:
        return min(application.period_end, application.ended_at.date())
    return application.period_end


def _candidates(session: Session, organisation_id: int, today: date) -> list[Application]:
    no_report = ~exists().where(OutcomeReport.application_id == Application.id)
    return list(session.exec(
        select(Application).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               Application.state.in_(("approved", "closed")),
               Application.applicant_email != "", ~Application.token_revoked, no_report)
        .order_by(Application.id)).all())


def send_outcome_requests(session: Session, organisation: Organisation, *, today: date,
                          link_for: Callable[[str], str]) -> RequestRun:
    """Mail the request to every case whose activity is over and the reminder where due."""
    run = RequestRun(requested=[], reminded=[])
    system = Actor.system()
    for application in _candidates(session, organisation.id, today):
        over = ended_on(application)
        if over > today:
            continue
        sent = {row.kind: row for row in session.exec(select(OutcomeRequest).where(
            OutcomeRequest.application_id == application.id)).all()}
        if "request" not in sent:
            if today - over > ASK_WITHIN:
                continue
            kind, template, action = "request", REQUEST, "outcome_requested"
        elif "reminder" not in sent and today >= sent["request"].sent_on + REMINDER_AFTER:
            kind, template, action = "reminder", REMINDER, "outcome_reminded"
        else:
            continue
        body = template.format(name=application.applicant_name, title=application.title,
                               reference=application.reference,
                               link=link_for(application.public_token),
                               organisation=organisation.name)
        subject = (f"Hvordan gik det? Afrapportering af sag {application.reference}"
                   if kind == "request" else
                   f"Påmindelse: afrapportering af sag {application.reference}")
        send_mail(session, application.applicant_email, subject, body,
                  application_id=application.id, kind=f"outcome_{kind}")
        session.add(OutcomeRequest(application_id=application.id, kind=kind, sent_on=today))
        audit.record(session, system, action, application=application)
        (run.requested if kind == "request" else run.reminded).append(application.reference)
    session.flush()
    return run
