"""The outbox as a mail queue: real SMTP conversations with a server in the test (aiosmtpd)."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from pulje.engine import transaction
from pulje.models import OutboxMail, utcnow
from pulje.services import mail_delivery
from pulje.services.mail import send_mail
from pulje.services.mail_delivery import SmtpSettings, backoff, send_due
from tests.smtp import Inbox, free_port, smtp_server

# A moment after the tests queue their mails (due from then on): tomorrow, on a whole hour.
T0 = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
LETTER = b"%PDF-1.4 tilsagn\n%%EOF\n"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server for this test; what it accepted is in ``inbox.received``."""
    with smtp_server() as server:
        yield server


def settings_for(port: int, **overrides) -> SmtpSettings:
    return SmtpSettings(**{"host": "127.0.0.1", "port": port, "tls": "none",
                           "sender": "pulje@domi.example", **overrides})


def queue(factory, count: int = 1, **kwargs) -> list[int]:
    with transaction(factory) as session:
        return [send_mail(session, f"beboer{n}@example.dk", f"Kvittering {n}",
                          f"Kære Søren Ærø\n\nDin ansøgning nr. {n} er modtaget.\n",
                          **kwargs).id for n in range(count)]


def the_mail(factory, mail_id: int) -> OutboxMail:
    with factory() as session:
        return session.get(OutboxMail, mail_id)


def at(moment: datetime):
    return lambda: moment


def test_a_mail_arrives_with_its_danish_text_and_attachment(committing, inbox):
    [mail_id] = queue(committing, attachments=[("tilsagn-2026-0007.pdf", "application/pdf",
                                                LETTER)], kind="decision")
    report = send_due(committing, settings_for(inbox.port))

    assert (report.sent, report.retrying, report.given_up) == (1, 0, 0)
    [(recipients, message)] = inbox.received
    assert recipients == ["beboer0@example.dk"]
    assert message["Subject"] == "Kvittering 0" and message["From"] == "pulje@domi.example"
    body = message.get_body(("plain",))
    assert body.get_content_charset() == "utf-8"
    # SMTP carries CRLF line ends.
    assert body.get_content().replace("\r\n", "\n") == (
        "Kære Søren Ærø\n\nDin ansøgning nr. 0 er modtaget.\n")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "tilsagn-2026-0007.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == LETTER
    mail = the_mail(committing, mail_id)
    assert mail.sent_at is not None and mail.attempts == 1 and mail.kind == "decision"
    assert mail.next_attempt_at is None and mail.last_error is None

    # Sent once: the next run finds nothing.
    assert send_due(committing, settings_for(inbox.port)).sent == 0
    assert len(inbox.received) == 1


def test_a_refusing_server_is_tried_again_later_with_growing_waits(committing, inbox):
    [mail_id] = queue(committing)
    settings = settings_for(inbox.port)
    inbox.refuse = "451 4.3.0 Try again later"

    assert send_due(committing, settings, now=at(T0)).retrying == 1
    mail = the_mail(committing, mail_id)
    assert (mail.attempts, mail.sent_at) == (1, None)
    assert mail.next_attempt_at == T0 + timedelta(minutes=1)
    assert "451" in mail.last_error

    # Not due before its time; then refused again, and the wait doubles.
    assert send_due(committing, settings, now=at(T0 + timedelta(seconds=59))).retrying == 0
    second = T0 + timedelta(minutes=1)
    assert send_due(committing, settings, now=at(second)).retrying == 1
    assert the_mail(committing, mail_id).next_attempt_at == second + timedelta(minutes=2)

    inbox.refuse = None
    third = second + timedelta(minutes=2)
    assert send_due(committing, settings, now=at(third)).sent == 1
    mail = the_mail(committing, mail_id)
    assert (mail.attempts, mail.sent_at, mail.last_error) == (3, third, None)
    assert len(inbox.received) == 1


def test_no_server_at_all_is_retried_until_the_attempts_are_used_up(committing):
    [mail_id] = queue(committing)
    settings = settings_for(free_port(), max_attempts=3)
    moment = T0
    for _ in (1, 2):
        assert send_due(committing, settings, now=at(moment)).retrying == 1
        moment = the_mail(committing, mail_id).next_attempt_at
        assert moment is not None
    assert send_due(committing, settings, now=at(moment)).given_up == 1
    mail = the_mail(committing, mail_id)
    assert (mail.attempts, mail.sent_at, mail.next_attempt_at) == (3, None, None)
    assert "ConnectionRefusedError" in mail.last_error
    assert send_due(committing, settings, now=at(moment + timedelta(days=30))).given_up == 0


def test_a_recipient_refused_for_good_is_given_up_at_once(committing, inbox):
    [mail_id] = queue(committing)
    inbox.refuse_rcpt = "550 5.1.1 No such user"
    assert send_due(committing, settings_for(inbox.port)).given_up == 1
    mail = the_mail(committing, mail_id)
    assert mail.next_attempt_at is None and "550" in mail.last_error and mail.attempts == 1


def test_a_mail_no_server_can_take_is_given_up_and_the_others_still_leave(committing, inbox):
    with transaction(committing) as session:
        broken = send_mail(session, "karen@beboer.example\nBcc: alle@example.dk", "Hej",
                           "Tekst").id
    [fine] = queue(committing)
    report = send_due(committing, settings_for(inbox.port))
    assert (report.sent, report.given_up) == (1, 1)
    assert [recipients for recipients, _ in inbox.received] == [["beboer0@example.dk"]]
    mail = the_mail(committing, broken)
    assert mail.next_attempt_at is None and mail.sent_at is None
    assert "ValueError" in mail.last_error
    assert the_mail(committing, fine).sent_at is not None


def test_two_senders_at_once_deliver_every_mail_exactly_once(committing, inbox):
    ids = queue(committing, count=30)
    settings = settings_for(inbox.port)
    start = threading.Barrier(2)
    reports, errors = [], []

    def sender():
        try:
            start.wait()
            reports.append(send_due(committing, settings))
        except Exception as exc:  # reported below; a thread's exception would be lost
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    delivered = sorted(recipient for recipients, _ in inbox.received for recipient in recipients)
    assert delivered == sorted(f"beboer{n}@example.dk" for n in range(30))
    assert sum(report.sent for report in reports) == 30
    with committing() as session:
        mails = session.exec(select(OutboxMail).where(OutboxMail.id.in_(ids))).all()
        assert all(mail.sent_at is not None and mail.attempts == 1 for mail in mails)


def test_backoff_doubles_from_a_minute_up_to_six_hours():
    assert [backoff(n) // timedelta(minutes=1) for n in range(1, 12)] == [
        1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]


@pytest.fixture
def server_tls(monkeypatch) -> ssl.SSLContext:
    """A server certificate for 127.0.0.1 from a CA made here, which the sender trusts instead
    of the system's CAs (the server's certificate is still checked)."""
    trustme = pytest.importorskip("trustme", reason="trustme is not installed")
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    monkeypatch.setattr(mail_delivery, "tls_context", lambda: client_context)
    return server_context


def test_mail_leaves_over_starttls_with_a_login(committing, server_tls):
    [mail_id] = queue(committing)
    with smtp_server(tls="starttls", context=server_tls, login=("pulje", "hemmeligt")) as server:
        wrong = settings_for(server.port, tls="starttls", user="pulje", password="forkert")
        assert send_due(committing, wrong).retrying == 1  # a refused login is retried
        assert server.received == []
        assert "535" in the_mail(committing, mail_id).last_error  # refused, not timed out
        right = settings_for(server.port, tls="starttls", user="pulje", password="hemmeligt")
        assert send_due(committing, right, now=at(utcnow() + timedelta(minutes=1))).sent == 1
        [(recipients, _)] = server.received
        assert recipients == ["beboer0@example.dk"]


def test_mail_leaves_over_tls_from_the_first_byte(committing, server_tls):
    queue(committing)
    with smtp_server(tls="ssl", context=server_tls) as server:
        assert send_due(committing, settings_for(server.port, tls="ssl")).sent == 1
        assert len(server.received) == 1


def test_an_untrusted_certificate_is_refused(committing):
    trustme = pytest.importorskip("trustme", reason="trustme is not installed")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(server_context)
    [mail_id] = queue(committing)
    with smtp_server(tls="starttls", context=server_context) as server:
        assert send_due(committing, settings_for(server.port, tls="starttls")).retrying == 1
        assert server.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in the_mail(committing, mail_id).last_error


@pytest.mark.parametrize("config, message", [
    ({"MAIL_SMTP_HOST": "smtp.example", "MAIL_SMTP_TLS": "tls"}, "MAIL_SMTP_TLS"),
])
def test_settings_refuse_an_unknown_tls_mode(config, message):
    with pytest.raises(ValueError, match=message):
        SmtpSettings.from_config(config)


def test_settings_read_from_the_environment_are_strings_and_ports():
    # PULJE_MAIL_SMTP_PASSWORD=123456 reaches the config JSON-parsed, as an int.
    settings = SmtpSettings.from_config({"MAIL_SMTP_HOST": "smtp.example",
                                         "MAIL_SMTP_PASSWORD": 123456, "MAIL_SMTP_TLS": "SSL"})
    assert (settings.password, settings.port, settings.tls) == ("123456", 465, "ssl")
    assert SmtpSettings.from_config({"MAIL_SMTP_HOST": ""}) is None
