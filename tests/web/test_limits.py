"""Rate limits: staff logins per address and per e-mail, residents' posts per address."""

from __future__ import annotations

from html import unescape

from sqlmodel import func, select

from pulje.demo import DEMO_PASSWORD
from pulje.models import Application
from pulje.web.limits import TOO_MANY
from tests.helpers.resident_pages import read, valid_form

WRONG = {"email": "mette@domi.example", "password": "forkert-kodeord"}


def count(app) -> int:
    return read(app, lambda session: session.exec(select(func.count(Application.id))).one())


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_the_eleventh_login_in_a_minute_is_refused_in_danish(app, client):
    for _ in range(10):
        assert client.post("/login", data=WRONG).status_code == 200
    response = client.post("/login", data=WRONG)
    assert response.status_code == 429
    assert TOO_MANY in unescape(response.get_data(as_text=True))
    assert int(response.headers["Retry-After"]) == 60
    assert response.headers["Content-Security-Policy"]
    # Even the right password waits: the limit is on attempts, not on failures.
    assert client.post("/login", data={**WRONG, "password": DEMO_PASSWORD}).status_code == 429
    # Opening the page is not an attempt.
    assert client.get("/login").status_code == 200


def test_one_e_mail_is_limited_from_many_addresses(app_factory):
    client = app_factory(RATELIMIT_LOGIN="3 per minute").test_client()
    for number in range(3):
        assert client.post("/login", data=WRONG, **from_address(f"10.0.0.{number}")
                           ).status_code == 200
    assert client.post("/login", data=WRONG, **from_address("10.0.0.9")).status_code == 429
    # Another account from a fresh address is not held back by it.
    other = {"email": "bent@domi.example", "password": "forkert-kodeord"}
    assert client.post("/login", data=other, **from_address("10.0.0.10")).status_code == 200


def test_one_address_is_limited_across_e_mails(app_factory):
    client = app_factory(RATELIMIT_LOGIN="3 per minute").test_client()
    for number in range(3):
        data = {"email": f"gaet{number}@domi.example", "password": "forkert-kodeord"}
        assert client.post("/login", data=data).status_code == 200
    assert client.post("/login", data={"email": "ny@domi.example", "password": "x" * 12}
                       ).status_code == 429
    assert client.post("/login", data=WRONG, **from_address("10.0.0.99")).status_code == 200


def test_applications_per_address_are_limited_and_row_edits_are_free(app_factory):
    app = app_factory(RATELIMIT_RESIDENT="2 per hour")
    client = app.test_client()
    before = count(app)
    for _ in range(5):
        assert client.post("/ansoeg", data=valid_form(add_line="1", send=None)
                           ).status_code == 200
    assert client.post("/ansoeg", data=valid_form()).status_code == 302
    assert client.post("/ansoeg", data=valid_form()).status_code == 302
    refused = client.post("/ansoeg", data=valid_form())
    assert refused.status_code == 429
    assert TOO_MANY in unescape(refused.get_data(as_text=True))
    assert count(app) == before + 2
    assert client.get("/ansoeg").status_code == 200
    assert client.post("/ansoeg", data=valid_form(), **from_address("10.1.1.1")
                       ).status_code == 302


def test_answers_and_withdrawals_are_limited(app_factory):
    app = app_factory(RATELIMIT_RESIDENT="1 per hour")
    client = app.test_client()
    token = client.post("/ansoeg", data=valid_form()).location.split("/")[-2]
    # Answering a case that asked nothing is refused, but it was an attempt all the same.
    assert client.post(f"/sag/{token}/svar", data={"text": "Svar"}).status_code == 422
    assert client.post(f"/sag/{token}/svar", data={"text": "Svar"}).status_code == 429
    assert client.post(f"/sag/{token}/traek-tilbage", data={"reason": ""}).status_code == 302
    assert client.post(f"/sag/{token}/traek-tilbage", data={"reason": ""}).status_code == 429


def test_private_link_pages_share_one_limit_per_address(app_factory):
    app = app_factory(RATELIMIT_PRIVATE_LINK="3 per minute")
    client = app.test_client()
    # An open case: an ended one's link may have expired (pulje.services.link_expiry).
    token = read(app, lambda session: session.exec(
        select(Application.public_token).where(Application.token_revoked.is_(False),
                                               Application.state == "approved")).first())
    assert client.get(f"/sag/{token}").status_code == 200
    assert client.get(f"/sag/{token}/kvittering").status_code == 200
    assert client.get("/sag/et-gaet-link").status_code == 404
    # The fourth private-link page from this address, whichever page and token: refused.
    refused = client.get(f"/sag/{token}")
    assert refused.status_code == 429
    assert TOO_MANY in unescape(refused.get_data(as_text=True))
    assert client.get("/").status_code == 200
    assert client.get(f"/sag/{token}", **from_address("10.2.2.2")).status_code == 200
