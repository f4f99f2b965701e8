"""The outbox: every mail is stored with the step that wrote it; ``pulje mail`` sends it.

No request talks to an SMTP server: the receipt waits in the outbox until ``pulje mail send``
or the worker hands it to the (real, in-process) SMTP server of these tests.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, OutboxMail
from pulje.services.mail import send_mail
from tests.helpers.resident_pages import read, valid_form
from tests.smtp import Inbox, smtp_server


def mails(app) -> list[OutboxMail]:
    return read(app, lambda session: session.exec(select(OutboxMail).order_by(OutboxMail.id))
                .all())


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server for this test; what it accepted is in ``inbox.received``."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def mail_app(app_factory, inbox):
    """The app with the test's SMTP server configured (plain, no login)."""
    return app_factory(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=inbox.port,
                       MAIL_SMTP_TLS="none", MAIL_FROM="pulje@domi.example")


def test_a_mail_waits_in_the_outbox_until_it_is_sent(app):
    with app.app_context(), transaction(sessions()) as session:
        send_mail(session, " karen@beboer.example ", "Emne", "Tekst")
    [mail] = mails(app)
    assert (mail.to, mail.subject, mail.body, mail.sent_at, mail.attempts) == (
        "karen@beboer.example", "Emne", "Tekst", None, 0)
    assert mail.created_at.tzinfo is not None and mail.next_attempt_at is not None


def test_the_receipt_leaves_with_pulje_mail_send_not_in_the_request(mail_app, inbox):
    client = mail_app.test_client()
    assert client.post("/ansoeg", data=valid_form()).status_code == 302
    assert inbox.received == []  # the request only wrote the outbox
    # The receipt to the resident, and the team's news of the case (demo: pulje@domi.example).
    mail, team = mails(mail_app)
    assert (team.to, team.kind) == ("pulje@domi.example", "new_application")
    application = read(mail_app, lambda session: session.get(Application, mail.application_id))
    assert application.applicant_email == "karen@beboer.example"
    assert mail.kind == "receipt" and application.reference in mail.subject

    result = mail_app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Sendt: 2 · prøves igen senere: 0 · opgivet: 0" in result.output
    (recipients, message), _team = inbox.received
    assert recipients == ["karen@beboer.example"]
    assert message["Subject"] == f"Kvittering for din ansøgning {application.reference}"
    assert f"/sag/{application.public_token}" in message.get_content()
    assert mails(mail_app)[0].sent_at is not None


def test_nothing_is_queued_when_the_transaction_is_rolled_back(app):
    with app.app_context(), pytest.raises(RuntimeError):
        with transaction(sessions()) as session:
            send_mail(session, "karen@beboer.example", "Kvittering", "Hej Karen")
            raise RuntimeError("the step failed after the mail was written")
    assert mails(app) == []


def test_a_refusing_smtp_server_leaves_the_mail_for_a_later_attempt(mail_app, inbox):
    inbox.refuse = "451 4.3.0 Try again later"
    mail_app.test_client().post("/ansoeg", data=valid_form())
    runner = mail_app.test_cli_runner()
    assert "prøves igen senere: 2" in runner.invoke(args=["mail", "send"]).output
    listed = runner.invoke(args=["outbox"]).output
    assert "ikke sendt, 1 forsøg, næste forsøg" in listed and "451" in listed


def test_pulje_mail_without_an_smtp_server_says_what_to_set(app):
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "Ingen SMTP-server er sat op: sæt PULJE_MAIL_SMTP_HOST" in result.output


def test_the_worker_sends_and_stops_cleanly_on_sigterm(mail_app, inbox):
    mail_app.test_client().post("/ansoeg", data=valid_form())

    def terminate_once_delivered():
        # A short poll on the inbox, not a sleep: the worker's first pass sends at once.
        for _ in range(500):
            if len(inbox.received) == 2:  # the resident's receipt and the team's notice
                break
            threading.Event().wait(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_once_delivered)
    previous = signal.getsignal(signal.SIGTERM)
    killer.start()
    result = mail_app.test_cli_runner().invoke(args=["mail", "worker", "--interval", "30"])
    killer.join()
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Stoppet."
    assert sorted(to for [to], _message in inbox.received) == [
        "karen@beboer.example", "pulje@domi.example"]
    assert signal.getsignal(signal.SIGTERM) is previous


def test_pulje_outbox_lists_the_mails(app, client):
    runner = app.test_cli_runner()
    assert "Udbakken er tom." in runner.invoke(args=["outbox"]).output
    client.post("/ansoeg", data=valid_form())
    listed = runner.invoke(args=["outbox", "--body"]).output
    assert "til karen@beboer.example" in listed and "ikke sendt" in listed
    assert "Kvittering for din ansøgning" in listed and "/sag/" in listed
    assert "karen" in runner.invoke(args=["outbox", "--unsent"]).output


def test_the_worker_outlives_a_database_that_does_not_answer(mail_app, inbox, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import pulje.cli.mail as mail_cli

    rounds = []

    def flaky(factory, settings, stop):
        rounds.append(len(rounds) + 1)
        if len(rounds) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        os.kill(os.getpid(), signal.SIGTERM)  # the second round ends the test
        return mail_cli.Report(sent=1)

    monkeypatch.setattr(mail_cli, "send_due", flaky)
    result = mail_app.test_cli_runner().invoke(args=["mail", "worker", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert rounds == [1, 2]
    assert "Databasen svarede ikke (OperationalError); prøver igen." in result.stderr
    assert "Sendt: 1" in result.stdout and result.stdout.splitlines()[-1] == "Stoppet."


def test_an_email_is_required_unless_the_resident_follows_by_link(app, client):
    refused = client.post("/ansoeg", data=valid_form(applicant_email=""))
    assert refused.status_code == 422
    assert "Skriv din e-mail" in refused.get_data(as_text=True)
    assert mails(app) == []


def test_following_by_link_only_means_no_mail_and_a_plain_receipt(app, client):
    response = client.post("/ansoeg", data=valid_form(applicant_email="", link_only="y"))
    assert response.status_code == 302
    receipt = client.get(response.location).get_data(as_text=True)
    assert "Du får ingen mails fra os" in receipt
    assert [m.kind for m in mails(app)] == ["new_application"]
