"""The outbox: every mail is stored, sent by SMTP when configured, listed by ``pulje outbox``."""

from __future__ import annotations

import smtplib

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import OutboxMail
from pulje.services.mail import send_mail
from tests.web.test_resident import read, valid_form


class FakeSMTP:
    """Stands in for smtplib.SMTP and remembers what it was asked to do."""

    sent: list = []
    fail = False

    def __init__(self, host, port, timeout=None):
        self.calls = [("connect", host, port)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user))

    def send_message(self, message):
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("gone")
        FakeSMTP.sent.append((message["To"], message["Subject"], message.get_content()))


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def mails(app) -> list[OutboxMail]:
    return read(app, lambda session: session.exec(select(OutboxMail).order_by(OutboxMail.id))
                .all())


def test_without_smtp_the_mail_waits_in_the_outbox(app, smtp):
    with app.app_context(), transaction(sessions()) as session:
        send_mail(session, " karen@beboer.example ", "Emne", "Tekst")
    [mail] = mails(app)
    assert (mail.to, mail.subject, mail.body, mail.sent_at) == (
        "karen@beboer.example", "Emne", "Tekst", None)
    assert mail.created_at.tzinfo is not None
    assert smtp.sent == []


def test_with_smtp_the_mail_is_sent_and_marked(app_factory, smtp):
    app = app_factory(MAIL_SMTP_HOST="smtp.example", MAIL_SMTP_USER="pulje",
                      MAIL_SMTP_PASSWORD="x", MAIL_FROM="pulje@domi.example")
    with app.app_context(), transaction(sessions()) as session:
        send_mail(session, "karen@beboer.example", "Kvittering", "Hej Karen")
    assert smtp.sent == [("karen@beboer.example", "Kvittering", "Hej Karen\n")]
    assert mails(app)[0].sent_at is not None


def test_nothing_is_sent_when_the_transaction_is_rolled_back(app_factory, smtp):
    app = app_factory(MAIL_SMTP_HOST="smtp.example")
    with app.app_context(), pytest.raises(RuntimeError):
        with transaction(sessions()) as session:
            send_mail(session, "karen@beboer.example", "Kvittering", "Hej Karen")
            raise RuntimeError("the step failed after the mail was written")
    assert smtp.sent == [] and mails(app) == []


def test_a_failing_smtp_server_does_not_stop_the_application(app_factory, smtp):
    smtp.fail = True
    app = app_factory(MAIL_SMTP_HOST="smtp.example")
    client = app.test_client()
    response = client.post("/ansoeg", data=valid_form())
    assert response.status_code == 302
    [mail] = mails(app)
    assert mail.sent_at is None and mail.to == "karen@beboer.example"


def test_no_email_given_means_no_mail(app, client):
    assert client.post("/ansoeg", data=valid_form(applicant_email="")).status_code == 302
    assert mails(app) == []


def test_pulje_outbox_lists_the_mails(app, client):
    runner = app.test_cli_runner()
    assert "Udbakken er tom." in runner.invoke(args=["outbox"]).output
    client.post("/ansoeg", data=valid_form())
    listed = runner.invoke(args=["outbox", "--body"]).output
    assert "til karen@beboer.example" in listed and "ikke sendt" in listed
    assert "Kvittering for din ansøgning" in listed and "/sag/" in listed
    assert "karen" in runner.invoke(args=["outbox", "--unsent"]).output
