"""The caseworker's and the resident's steps on a case: review, questions, decision, ending."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session, select

from pulje import clock
from pulje.models import Application, Department, Message, Pool, utcnow
from pulje.services import audit, notifications
from pulje.services.accounting import CaseMoney, case_money, pool_figures
from pulje.services.actors import Actor
from pulje.services.duplicates import project_used
from pulje.services.errors import InputError
from pulje.services.locks import lock_application, lock_pool
from pulje.services.public_text import checked_public_text, suggest_public_text
from pulje.services.rulesets import record_rules
from pulje.services.terms import invoice_deadline
from workflows.application import (
    Answer,
    ApplicationFlow,
    Approve,
    Close,
    Lapse,
    Reject,
    RequestInfo,
    StartReview,
    Withdraw,
)
from workflows.machine import Step
from workflows.money import format_money
from workflows.rules import invoice_deadline_unused

# How an answer reached the case, as the history says it ("Svar modtaget pr. telefon: …").
ANSWER_CHANNELS = {"web": "via linket", "phone": "pr. telefon", "letter": "pr. brev"}


def start_review(session: Session, application: Application, actor: Actor) -> Application:
    """Take a submitted case into review."""
    application = lock_application(session, application.id)
    taken = ApplicationFlow(application).fire(StartReview())
    audit.transition(session, actor, taken, application=application)
    return application


def request_info(session: Session, application: Application, actor: Actor,
                 question: str) -> Application:
    """Ask the applicant for more information; the case waits for the answer."""
    application = lock_application(session, application.id)
    taken = ApplicationFlow(application).fire(RequestInfo(question))
    audit.transition(session, actor, taken, application=application, note=question)
    session.add(Message(application_id=application.id, sender_role=actor.role,
                        sender_name=actor.name, body=question.strip()))
    notifications.question_asked(session, application, question)
    return application


def answer(session: Session, application: Application, actor: Actor, text: str, *,
           channel: str = "web") -> Application:
    """The applicant answers; the case returns to review.

    An answer given by phone or letter (``channel``) is typed in by the caseworker: the history
    says so, and the team is not told of what one of them wrote."""
    if channel not in ANSWER_CHANNELS:
        raise InputError("Vælg, hvordan svaret kom: telefon eller brev.")
    application = lock_application(session, application.id)
    note = text if channel == "web" else f"Svar modtaget {ANSWER_CHANNELS[channel]}: {text}"
    taken = ApplicationFlow(application).fire(Answer(note))
    audit.transition(session, actor, taken, application=application, note=note)
    session.add(Message(application_id=application.id, sender_role="resident",
                        sender_name=application.applicant_name if channel != "web"
                        else actor.name, body=text.strip(), channel=channel))
    if channel == "web":
        notifications.resident_answered(session, application, text)
    return application


def approve(session: Session, application: Application, actor: Actor, amount: int, *,
            today: date, reason: str | None = None, public_title: str | None = None,
            public_description: str | None = None) -> Application:
    """Grant ``amount`` øre (R1, R2, R6), with the pool row locked against concurrent grants;
    a grant below what was applied for needs a ``reason`` the resident reads.

    The decision, its audit entry and its letter carry ``today`` (pulje.clock). The public
    title and description are what open data publishes; blank ones take the suggestion made
    from the case's non-personal facts (pulje.services.public_text).
    """
    with clock.frozen(today):
        return _approve(session, application, actor, amount, today=today, reason=reason,
                        public_title=public_title, public_description=public_description)


def _approve(session: Session, application: Application, actor: Actor, amount: int, *,
             today: date, reason: str | None, public_title: str | None,
             public_description: str | None) -> Application:
    pool = lock_pool(session, application.pool_id)
    application = lock_application(session, application.id)
    public = checked_public_text(public_title, public_description, suggest_public_text(
        application, session.get(Department, application.department_id)))
    figures = pool_figures(session, pool)
    used, same_project = project_used(session, application)
    taken = ApplicationFlow(application).fire(Approve(
        amount=amount, cap=pool.cap, today=today, available=figures.available,
        pool_year=pool.year, reason=reason, project_used=used, project_cases=same_project))
    audit.transition(session, actor, taken, application=application,
                     note=f"Bevilget {format_money(amount)}")
    application.granted = amount
    application.decision_reason = (reason or "").strip() or None
    application.public_title, application.public_description = public.title, public.description
    application.decided_at = utcnow()
    record_rules(session, application, pool)
    session.flush()
    notifications.approved(session, application, deadline=invoice_deadline(pool, application))
    return application


def reject(session: Session, application: Application, actor: Actor, reason: str) -> Application:
    """Refuse the application with a reason the resident reads."""
    # Locked like approve, so a concurrent approval and rejection cannot both succeed.
    pool = lock_pool(session, application.pool_id)
    application = lock_application(session, application.id)
    taken = ApplicationFlow(application).fire(Reject(reason))
    audit.transition(session, actor, taken, application=application, note=reason)
    application.decision_reason = reason.strip()
    application.decided_at = utcnow()
    record_rules(session, application, pool)
    session.flush()
    notifications.rejected(session, application)
    return application


def _end(session: Session, application: Application, actor: Actor,
         step: Callable[[CaseMoney], Step], note: str | None) -> Application:
    """End the case by the step made from its money (what awaits payment, what counts)."""
    application = lock_application(session, application.id)
    money = case_money(session, application)
    released = money.remaining if application.granted else 0
    parts = [note.strip()] if note and note.strip() else []
    if released:
        parts.append(f"Frigivet {format_money(released)} til puljen")
    taken = ApplicationFlow(application).fire(step(money))
    audit.transition(session, actor, taken, application=application,
                     note=". ".join(parts) or None)
    application.ended_at = utcnow()
    session.flush()
    return application


def withdraw(session: Session, application: Application, actor: Actor,
             reason: str | None = None) -> Application:
    """The applicant withdraws; a grant not yet paid goes back to the pool."""
    return _end(session, application, actor,
                lambda money: Withdraw(invoices_awaiting=money.invoices_awaiting), reason)


def close(session: Session, application: Application, actor: Actor,
          note: str | None = None) -> Application:
    """Close a granted case; what was granted but not paid goes back to the pool."""
    return _end(session, application, actor,
                lambda money: Close(invoices_awaiting=money.invoices_awaiting), note)


def lapse(session: Session, application: Application, actor: Actor, *, today: date) -> Application:
    """Let a grant lapse when no invoice came within the deadline after the period."""
    pool = session.get(Pool, application.pool_id)
    deadline = invoice_deadline(pool, application)
    with clock.frozen(today):
        application = _end(
            session, application, actor,
            lambda money: Lapse(deadline=deadline, today=today, invoices=money.invoices_counted),
            f"Ingen faktura modtaget inden fristen {deadline:%d.%m.%Y}")
        notifications.lapsed(session, application, deadline=deadline)
    return application


def lapse_overdue(session: Session, organisation_id: int, actor: Actor, *,
                  today: date) -> list[Application]:
    """Lapse every granted case of the organisation whose invoice deadline has passed unused."""
    candidates = session.exec(
        select(Application).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id, Application.state == "approved",
               Application.period_end < today).order_by(Application.id)
    ).all()
    lapsed = []
    for application in candidates:
        pool = session.get(Pool, application.pool_id)
        deadline = invoice_deadline(pool, application)
        if not invoice_deadline_unused(deadline, today, invoices=0):
            continue  # still within the deadline: no need to take the case's lock
        # Another run (the daily job in a second process) may have lapsed it since we listed
        # it: look again under the case's lock.
        application = lock_application(session, application.id)
        if application.state == "approved" and invoice_deadline_unused(
                deadline, today, case_money(session, application).invoices_counted):
            lapsed.append(lapse(session, application, actor, today=today))
    return lapsed
