"""One write path: a long read (the board's yearly PDF) never holds up a caseworker's step, on
SQLite (reads begin deferred, only writes take the lock) and PostgreSQL alike; and a web step
that meets a lock conflict is run again, as the CLI's are."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from pulje import create_app
from pulje.clock import today
from pulje.db import sessions
from pulje.demo import DEMO_PASSWORD, load_demo
from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import upgrade
from pulje.models import Application
from pulje.services import decisions
from pulje.web.board import pages as board_pages
from tests.db.databases import ENGINES, postgres_schema, require_postgres
from tests.helpers.caseworker_pages import new_case, read
from tests.helpers.routes import USERS

WAIT_S = 10


@pytest.fixture(params=ENGINES)
def any_engine_app(request, demo_database, tmp_path):
    """The web app on a copy of the demo data, on SQLite or PostgreSQL."""
    def build(url: str):
        return create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url,
                           "ORGANISATION_CVR": "30000005", "WTF_CSRF_ENABLED": False,
                           "SERVER_NAME": "pulje.test",
                           "UPLOAD_FOLDER": str(tmp_path / "uploads")})

    if request.param == "sqlite":
        copy = tmp_path / "pulje.sqlite"
        shutil.copy(demo_database, copy)
        app = build(f"sqlite:///{copy}")
        yield app
        app.extensions["pulje.engine"].dispose()
        return
    require_postgres()
    with postgres_schema() as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            with transaction(session_factory(engine)) as session:
                load_demo(session)
        finally:
            engine.dispose()
        app = build(url)
        yield app
        app.extensions["pulje.engine"].dispose()


def logged_in(app, email: str):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": DEMO_PASSWORD}
                       ).status_code == 302
    return client


def state_of(app, reference: str) -> str:
    return read(app, lambda s, _org: s.exec(select(Application.state).where(
        Application.reference == reference)).one())


def test_a_caseworker_approves_while_the_board_renders_the_yearly_pdf(any_engine_app,
                                                                     monkeypatch):
    app = any_engine_app
    reference = new_case(app, requested=5_000_00)
    caseworker = logged_in(app, USERS["caseworker"])
    url = f"/sagsbehandling/sag/{reference}"
    assert caseworker.post(f"{url}/behandling").status_code == 302
    board = logged_in(app, USERS["board"])

    # The report's figures are read, then the PDF takes its time: the read stays open.
    reading, finish = threading.Event(), threading.Event()
    real_build = board_pages.build_year_report_pdf

    def slow_build(data):
        reading.set()
        finish.wait(WAIT_S * 3)
        return real_build(data)

    monkeypatch.setattr(board_pages, "build_year_report_pdf", slow_build)
    year = today().year  # the demo has a pool for this year
    report: dict = {}
    reader = threading.Thread(target=lambda: report.setdefault(
        "response", board.get(f"/bestyrelse/{year}/aarsrapport.pdf")))
    reader.start()
    try:
        assert reading.wait(WAIT_S), "the yearly report never started"
        approval: dict = {}
        writer = threading.Thread(target=lambda: approval.setdefault(
            "response", caseworker.post(f"{url}/bevilling", data={"approve-amount": "5.000"})))
        writer.start()
        writer.join(WAIT_S)
        # The approval went through while the report was still being drawn.
        assert not writer.is_alive(), "the approval waited for the board's report"
        assert approval["response"].status_code == 302
        assert state_of(app, reference) == "approved"
    finally:
        finish.set()
        reader.join(WAIT_S * 3)
    assert report["response"].status_code == 200
    assert report["response"].mimetype == "application/pdf"


def test_a_step_that_meets_a_lock_conflict_is_run_again(app, login, monkeypatch):
    client = app.test_client()
    login(client, USERS["caseworker"])
    reference = new_case(app)
    real = decisions.start_review
    attempts = []

    def conflicting(session, application, actor):
        attempts.append(application.reference)
        if len(attempts) == 1:
            raise OperationalError("BEGIN IMMEDIATE", {},
                                   sqlite3.OperationalError("database is locked"))
        return real(session, application, actor)

    monkeypatch.setattr(decisions, "start_review", conflicting)
    response = client.post(f"/sagsbehandling/sag/{reference}/behandling")
    assert response.status_code == 302
    assert attempts == [reference, reference]
    assert state_of(app, reference) == "in_review"
    with app.app_context():
        assert sessions() is app.extensions["pulje.sessions"]
