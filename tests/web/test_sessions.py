"""A staff login lasts 8 hours from the login, ends everywhere at logout or deactivation, and
costs the same hash work whoever tries it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.demo import DEMO_PASSWORD
from pulje.engine import transaction
from pulje.models import User
from pulje.services import passwords, users
from pulje.web import sessions as web_sessions
from tests.helpers.routes import USERS

QUEUE = "/sagsbehandling/"
HOUR = 3600


def logged_in(client) -> bool:
    response = client.get(QUEUE)
    assert response.status_code in (200, 302)
    return response.status_code == 200


def with_user(app, email: str, fn):
    with app.app_context(), transaction(sessions()) as session:
        return fn(session, session.exec(select(User).where(User.email == email)).one())


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand."""
    moment = {"now": 1_800_000_000.0}
    monkeypatch.setattr(web_sessions, "now", lambda: moment["now"])
    return moment


def test_a_copied_cookie_is_refused_after_logout(app, client, login):
    login(client, USERS["caseworker"])
    copied = client.get_cookie("session", domain="pulje.test").value
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="pulje.test")
    assert logged_in(thief)
    assert client.post("/logout").status_code == 302
    assert not logged_in(thief)
    # The refused cookie is emptied: it cannot be tried again later either.
    left = thief.get_cookie("session", domain="pulje.test")
    if left is not None:
        assert "_user_id" not in app.session_interface.get_signing_serializer(app).loads(
            left.value)


def test_logout_on_one_device_ends_the_others(app, login):
    phone, desk = app.test_client(), app.test_client()
    login(phone, USERS["caseworker"])
    login(desk, USERS["caseworker"])
    desk.post("/logout")
    assert not logged_in(phone)
    # A new login works as before, and another user's session was never touched.
    login(phone, USERS["caseworker"])
    assert logged_in(phone)


def test_eight_hours_from_the_login_however_busy_the_user_was(client, login, clock):
    login(client, USERS["caseworker"])
    for hours in (2, 4, 6, 7.9):
        clock["now"] += (hours * HOUR) - (clock["now"] - 1_800_000_000.0)
        assert logged_in(client), hours
    clock["now"] = 1_800_000_000.0 + 9 * HOUR
    assert not logged_in(client)
    page = client.get(QUEUE, follow_redirects=True)
    assert "Log ind for at se siden." in page.get_data(as_text=True)


def test_a_session_without_a_login_time_is_refused(client, login):
    login(client, USERS["caseworker"])
    with client.session_transaction() as cookie:
        del cookie[web_sessions.LOGIN_AT]
    assert not logged_in(client)


def test_deactivation_ends_open_sessions_and_reactivation_does_not_revive_them(app, login):
    client = app.test_client()
    login(client, USERS["caseworker"])
    with_user(app, USERS["caseworker"], lambda s, user: users.set_active(s, user, False))
    assert not logged_in(client)

    def reactivate(session, user):
        user.active = True
        session.add(user)

    with_user(app, USERS["caseworker"], reactivate)
    assert not logged_in(client)
    login(client, USERS["caseworker"])
    assert logged_in(client)


def test_deactivate_command_ends_the_sessions(app, login):
    client = app.test_client()
    login(client, USERS["caseworker"])
    result = app.test_cli_runner().invoke(args=["user", "deactivate", USERS["caseworker"]])
    assert result.exit_code == 0, result.output
    assert not logged_in(client)
    unknown = app.test_cli_runner().invoke(args=["user", "deactivate", "nobody@domi.example"])
    assert unknown.exit_code != 0 and "ingen bruger" in unknown.output


def test_unknown_wrong_and_deactivated_logins_cost_the_same_hash_work(app, monkeypatch):
    checked: list[str] = []
    real = users.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$", 1)[0])  # the method and its cost parameters
        return real(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    production_hash = passwords.generate_password_hash  # what set_password stores
    for email in (USERS["caseworker"], USERS["board"]):  # the web tests' demo hashes are cheap
        with_user(app, email, lambda s, user: setattr(
            user, "password_hash", production_hash(DEMO_PASSWORD)))
    with_user(app, USERS["board"], lambda s, user: users.set_active(s, user, False))
    attempts = {"unknown": ("nobody@domi.example", DEMO_PASSWORD),
                "wrong password": (USERS["caseworker"], "not-the-password"),
                "deactivated": (USERS["board"], DEMO_PASSWORD)}
    for what, (email, password) in attempts.items():
        checked.clear()
        assert with_user(app, USERS["admin"],
                         lambda s, _u, e=email, p=password: users.authenticate(s, e, p)) is None
        assert len(checked) == 1, what
        assert checked[0] == real.__globals__["generate_password_hash"]("x").split("$")[0], what
