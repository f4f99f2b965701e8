"""The daily job: reminders before the invoice deadline, and lapsing grants past it.

Run once a day (docs/DEPLOYMENT.md: a systemd timer or a cron line). It is safe to run twice,
and in two processes at once: a reminder is sent only together with its ReminderSent row, which
is unique per case and kind, and a grant is lapsed only under the case's lock and only while
it is still granted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from pulje.models import Application, Pool, ReminderSent
from pulje.models.ids import id_of
from pulje.services import decisions, notifications
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.outcome_requests import claim_mail, send_outcome_requests
from pulje.services.terms import invoice_deadline

# Days before the invoice deadline at which the resident is reminded (the last is the last call).
DEFAULT_REMINDER_DAYS = (14, 3)
DAILY_ACTOR = Actor.system("daglig kørsel")


@dataclass
class DailyReport:
    """What one run did: reminders sent (reference, days left, address) and grants lapsed."""

    reminders: list[tuple[str, int, str]] = field(default_factory=list)
    lapsed: list[str] = field(default_factory=list)
    outcomes_asked: list[str] = field(default_factory=list)
    outcomes_reminded: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The run in plain Danish, one line per thing done."""
        out = [f"Påmindelse sendt: {reference} – fakturafrist om {days} "
               f"{'dag' if days == 1 else 'dage'} – til {to}"
               for reference, days, to in self.reminders]
        out += [f"Bortfaldet: {reference} – ingen faktura inden fristen"
                for reference in self.lapsed]
        out += [f"Bedt om afrapportering: {reference}" for reference in self.outcomes_asked]
        out += [f"Påmindet om afrapportering: {reference}"
                for reference in self.outcomes_reminded]
        return out or ["Intet at gøre i dag."]


def parse_reminder_days(text: str | int | tuple | list) -> tuple[int, ...]:
    """Reminder days from "14,3" (or a sequence): positive whole days, most distant first."""
    if isinstance(text, int):  # PULJE_REMINDER_DAYS=7 reaches the config as a number
        text = str(text)
    parts = [str(p).strip() for p in (text.split(",") if isinstance(text, str) else text)]
    try:
        days = sorted({int(p) for p in parts if p}, reverse=True)
    except ValueError as exc:
        raise ValueError(f"Påmindelsesdage skal være hele dage adskilt af komma, fx 14,3: "
                         f"{text!r}") from exc
    if not days or days[-1] < 1:
        raise ValueError(f"Påmindelsesdage skal være mindst 1: {text!r}")
    return tuple(days)


def _granted_cases(session: Session, organisation_id: int) -> list[tuple[Application, Pool]]:
    return list(session.exec(
        select(Application, Pool).join(Pool, col(Pool.id) == Application.pool_id)
        .where(Pool.organisation_id == organisation_id, Application.state == "approved")
        .order_by(col(Application.id))).all())


def send_reminders(session: Session, organisation_id: int, *, today: date,
                   reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS,
                   report: DailyReport | None = None) -> DailyReport:
    """Remind each resident whose grant has no invoice yet and whose deadline is near: the
    most urgent reminder that is due, once."""
    report = report or DailyReport()
    for application, pool in _granted_cases(session, organisation_id):
        if not application.applicant_email or case_money(session, application).invoices_counted:
            continue
        deadline = invoice_deadline(pool, application)
        days_left = (deadline - today).days
        due = [days for days in reminder_days if 0 <= days_left <= days]
        if not due:
            continue
        kind = f"reminder_{min(due)}d"
        already = session.exec(select(ReminderSent.id).where(
            ReminderSent.application_id == application.id,
            ReminderSent.kind == kind)).first()
        if already is None and claim_mail(session, id_of(application), kind, today):
            notifications.reminder(session, application, deadline=deadline, days_left=days_left)
            report.reminders.append((application.reference, days_left,
                                     application.applicant_email))
    return report


def run_daily(session: Session, organisation_id: int, *, today: date,
              reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS) -> DailyReport:
    """The whole day's work for one organisation: reminders first, then lapses (each lapse
    mails the resident), then the requests for the short report after an activity."""
    report = send_reminders(session, organisation_id, today=today, reminder_days=reminder_days)
    report.lapsed = [application.reference for application in decisions.lapse_overdue(
        session, organisation_id, DAILY_ACTOR, today=today)]
    report.outcomes_asked, report.outcomes_reminded = send_outcome_requests(
        session, organisation_id, today=today)
    return report
