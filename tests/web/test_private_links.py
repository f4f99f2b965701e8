"""The private link's token never reaches a log, and the link expires a year after the case's
last activity (its end, a new link, the mail asking for the short report, the report)."""

from __future__ import annotations

import logging
import re
import runpy
import threading
import urllib.request
from datetime import timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlmodel import select
from werkzeug.serving import make_server

from pulje import access_log
from pulje.access_log import RedactingGunicornLogger, redact
from pulje.clock import today
from pulje.models import (
    Application,
    AuditEntry,
    OutboxMail,
    OutcomeReport,
    ReminderSent,
    utcnow,
)
from pulje.services.outcome_requests import send_outcome_requests
from tests.helpers.caseworker_pages import read
from tests.helpers.outcome_cases import recently_closed_without_report
from tests.helpers.routes import demo_values

REPO = Path(__file__).resolve().parents[2]
TOKEN = "Zx3_kQ9-aB7cD1eF2gH3iJ4kL5mN6oP7qR8sT9uV0wX"


def test_redact_hides_tokens_and_keeps_case_references():
    assert redact(f"GET /sag/{TOKEN}/tilsagn.pdf HTTP/1.1") == \
        "GET /sag/[skjult]/tilsagn.pdf HTTP/1.1"
    assert redact(f"https://pulje.test/sag/{TOKEN}") == "https://pulje.test/sag/[skjult]"
    assert redact("GET /sagsbehandling/sag/2025-0007 HTTP/1.1") == \
        "GET /sagsbehandling/sag/2025-0007 HTTP/1.1"


def test_the_development_server_logs_no_token(app, caplog):
    token = demo_values(app)["token"]
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            url = f"http://127.0.0.1:{server.server_port}/sag/{token}"
            request = urllib.request.Request(url, headers={"Host": "pulje.test"})
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any('"GET /sag/[skjult] HTTP/1.1" 200' in line for line in lines), lines
    assert not any(token in line for line in lines)


def test_gunicorn_s_access_log_holds_no_token(tmp_path):
    # The settings `make serve` starts gunicorn with.
    settings = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    config = Config()
    for name in ("logger_class", "access_log_format", "accesslog"):
        config.set(name, settings[name])
    config.set("accesslog", str(tmp_path / "access.log"))
    assert config.logger_class is RedactingGunicornLogger
    logger = config.logger_class(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/sag/{TOKEN}/afslag.pdf",
               "PATH_INFO": f"/sag/{TOKEN}/afslag.pdf", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "192.0.2.7",
               "HTTP_REFERER": f"https://pulje.test/sag/{TOKEN}", "HTTP_USER_AGENT": "Firefox"}
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", f"https://pulje.test/sag/{TOKEN}")])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text()
    assert '"GET /sag/[skjult]/afslag.pdf HTTP/1.1" 200 1234' in line
    assert '"https://pulje.test/sag/[skjult]"' in line
    assert TOKEN not in line


def test_flask_s_error_line_holds_no_token(app_factory, caplog, monkeypatch):
    app = app_factory(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    token = demo_values(app)["token"]

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("pulje.web.resident.case.case_view", broken)
    with caplog.at_level(logging.ERROR):
        assert app.test_client().get(f"/sag/{token}").status_code == 500
    messages = [record.getMessage() for record in caplog.records]
    assert "Exception on /sag/[skjult] [GET]" in messages
    assert not any(token in message for message in messages)


def test_the_filter_is_installed_once(app_factory):
    app_factory(), app_factory()
    werkzeug = logging.getLogger("werkzeug")
    assert sum(isinstance(f, access_log.RedactTokens) for f in werkzeug.filters) == 1


@pytest.mark.parametrize("line", ["plain text", "GET /sag/kort HTTP/1.1"])
def test_lines_without_a_token_are_left_alone(line):
    assert redact(line) == line


def case_in_state(app, state: str):
    """(token, reference) of a demo case in ``state``."""
    def take(session, _org):
        case = session.exec(select(Application).where(Application.state == state)
                            .order_by(Application.id)).first()
        return case.public_token, case.reference
    return read(app, take)


def ended_days_ago(app, reference: str, days: int) -> None:
    """Move the case's end (and rejection) back in time, as if that many days had passed."""
    def move(session, _org):
        case = session.exec(select(Application).where(Application.reference == reference)).one()
        moment = utcnow() - timedelta(days=days)
        if case.ended_at is not None:
            case.ended_at = moment
        case.decided_at = moment
        session.add(case)
        session.commit()
    read(app, move)


@pytest.mark.parametrize("state", ["closed", "rejected", "withdrawn"])
def test_a_link_works_for_a_year_after_the_case_ended_then_says_what_to_do(app, client, state):
    token, reference = case_in_state(app, state)
    ended_days_ago(app, reference, 364)
    assert client.get(f"/sag/{token}").status_code == 200
    ended_days_ago(app, reference, 366)
    for path in ("", "/kvittering", "/afslag.pdf", "/tilsagn.pdf"):
        response = client.get(f"/sag/{token}{path}")
        assert response.status_code == 404, path
    page = unescape(client.get(f"/sag/{token}").get_data(as_text=True))
    assert f"Linket er udløbet: sag {reference} er afsluttet" in page
    assert "Skriv til DOMI Bolig (pulje@domi.example)" in page and "nyt link" in page
    assert response.headers["Cache-Control"] == "no-store"


def test_the_time_is_configuration(app_factory):
    app = app_factory(LINK_TTL_DAYS=30)
    token, reference = case_in_state(app, "closed")
    ended_days_ago(app, reference, 29)
    assert app.test_client().get(f"/sag/{token}").status_code == 200
    ended_days_ago(app, reference, 31)
    assert app.test_client().get(f"/sag/{token}").status_code == 404


def test_an_open_case_s_link_never_expires(app, client):
    token, reference = case_in_state(app, "approved")
    def long_ago(session, _org):
        case = session.exec(select(Application).where(Application.reference == reference)).one()
        case.submitted_at = case.decided_at = utcnow() - timedelta(days=3000)
        session.add(case)
        session.commit()
    read(app, long_ago)
    assert client.get(f"/sag/{token}").status_code == 200


def test_the_staff_give_a_new_link_that_works_another_year(app_factory):
    app = app_factory(EXTERNAL_URL="https://pulje.test")
    client = app.test_client()
    old, reference = case_in_state(app, "closed")
    ended_days_ago(app, reference, 400)
    result = app.test_cli_runner().invoke(args=["new-link", reference])
    assert result.exit_code != 0 and "--as" in result.output  # signed by a real caseworker
    result = app.test_cli_runner().invoke(args=["new-link", reference,
                                                "--as", "mette@domi.example"])
    assert result.exit_code == 0, result.output
    match = re.search(r"Nyt privat link til sag \S+: https://pulje\.test/sag/([\w-]+)",
                      result.output)
    assert match, result.output
    assert client.get(f"/sag/{match.group(1)}").status_code == 200
    assert client.get(f"/sag/{old}").status_code == 404
    notes = read(app, lambda s, _org: s.exec(select(AuditEntry.note).where(
        AuditEntry.action == "link_renewed")).all())
    assert notes == ["Nyt privat link til ansøgeren"]


def age_case(app, reference: str, *, ended: int, mailed: int | None = None,
             reported: int | None = None) -> None:
    """Put the case's end, its report mail and its short report so many days back."""
    def move(session, _org):
        case = session.exec(select(Application).where(Application.reference == reference)).one()
        case.ended_at = utcnow() - timedelta(days=ended)
        session.add(case)
        for mail in session.exec(select(ReminderSent).where(
                ReminderSent.application_id == case.id)).all():
            mail.created_at = utcnow() - timedelta(days=mailed)
            session.add(mail)
        report = session.exec(select(OutcomeReport).where(
            OutcomeReport.application_id == case.id)).first()
        if report is not None and reported is not None:
            report.entered_at = utcnow() - timedelta(days=reported)
            session.add(report)
        session.commit()
    read(app, move)


def test_the_mail_asking_for_the_short_report_keeps_its_link_working_a_year(app, client):
    # A case closed long after its activity: the daily job asks for the report when the
    # activity is over, and the link in that mail must open the report page for a year.
    def finish_and_ask(session, org):
        case = recently_closed_without_report(session)
        case.period_end = today() - timedelta(days=3)
        session.add(case)
        asked, _ = send_outcome_requests(session, org, today=today())
        session.commit()
        return case.public_token, case.reference, asked
    token, reference, asked = read(app, finish_and_ask)
    assert asked == [reference]
    [body] = read(app, lambda s, _o: [m.body for m in s.exec(select(OutboxMail).where(
        OutboxMail.kind == "outcome_request")).all()])
    assert f"/sag/{token}/afrapportering" in body
    # The case ended 400 days ago, the mail went 300 days ago: the link still works.
    age_case(app, reference, ended=400, mailed=300)
    assert client.get(f"/sag/{token}/afrapportering").status_code == 200
    assert client.get(f"/sag/{token}").status_code == 200
    # A year and a day after the mail, it has expired like any other link.
    age_case(app, reference, ended=400, mailed=366)
    response = client.get(f"/sag/{token}/afrapportering")
    assert response.status_code == 404
    assert "Linket er udløbet" in unescape(response.get_data(as_text=True))


def test_a_short_report_keeps_the_link_a_year_for_reading_it_and_the_consent(app, client):
    reference, token = read(app, lambda s, _o: s.exec(
        select(Application.reference, Application.public_token)
        .join(OutcomeReport, OutcomeReport.application_id == Application.id)
        .where(Application.state == "closed").order_by(Application.id)).first())
    age_case(app, reference, ended=500, reported=200)
    assert client.get(f"/sag/{token}").status_code == 200
    age_case(app, reference, ended=500, reported=370)
    assert client.get(f"/sag/{token}").status_code == 404
