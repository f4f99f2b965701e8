"""Links in mails come from the configured address, never from the request's Host header."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pulje.cli.common import link_for
from pulje.models import Application, OutboxMail
from pulje.services.notifications import case_link
from tests.helpers.resident_pages import read, valid_form

EXTERNAL = "https://pulje.domibolig.dk"
EVIL = "evil.example"


def mail_bodies(app, kind: str = "receipt") -> list[str]:
    """The bodies of the mails of ``kind`` (the team's note of a new case goes to its own
    address, not to the one typed into the form)."""
    return read(app, lambda s: [m.body for m in s.exec(
        select(OutboxMail).where(OutboxMail.kind == kind)).all()])


def test_an_unknown_host_is_refused_before_anything_is_stored(app_factory):
    app = app_factory(EXTERNAL_URL=EXTERNAL, SERVER_NAME=None)
    client = app.test_client()
    # Without a CSRF token: the host is refused before the form is looked at (and the test
    # client cannot open a session on a host the app does not trust to make one).
    response = client.post("/ansoeg", data=valid_form(), base_url=f"http://{EVIL}", csrf=False)
    assert response.status_code == 400
    assert read(app, lambda s: s.exec(select(OutboxMail)).all()) == []
    # The configured host itself is served.
    assert client.get("/ansoeg", base_url=EXTERNAL).status_code == 200


def test_a_forwarded_host_never_reaches_the_mail(app_factory):
    app = app_factory(TRUSTED_PROXIES=1, EXTERNAL_URL=EXTERNAL, SERVER_NAME=None)
    response = app.test_client().post(
        "/ansoeg", data=valid_form(), base_url=EXTERNAL,
        headers={"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"})
    assert response.status_code == 302
    [body] = mail_bodies(app)
    assert EVIL not in body
    assert f"{EXTERNAL}/sag/" in body


def test_without_any_address_configured_the_host_header_is_still_ignored(app_factory):
    app = app_factory(SERVER_NAME=None)
    response = app.test_client().post("/ansoeg", data=valid_form(),
                                      base_url=f"http://{EVIL}")
    assert response.status_code == 302
    [body] = mail_bodies(app)
    assert EVIL not in body and "http://localhost:5000/sag/" in body
    page = app.test_client().get(response.location, base_url=f"http://{EVIL}")
    assert EVIL not in page.get_data(as_text=True)


def test_the_receipt_mail_echoes_none_of_the_applicant_s_own_text(app_factory):
    app = app_factory()
    hostile = {"applicant_name": "Vind en iPhone på http://phish.example",
               "title": "Klik her: http://phish.example/login",
               "purpose": "Din konto er spærret, log ind på http://phish.example nu."}
    assert app.test_client().post("/ansoeg", data=valid_form(**hostile)).status_code == 302
    [(subject, body)] = read(app, lambda s: [(m.subject, m.body) for m in s.exec(
        select(OutboxMail).where(OutboxMail.kind == "receipt")).all()])
    assert "phish.example" not in subject + body
    [reference] = read(app, lambda s: [a.reference for a in s.exec(select(Application)).all()
                                       if a.title.startswith("Klik her")])
    assert f"Sagsnummer: {reference}" in body


def test_a_path_prefix_in_the_address_is_kept(app_factory):
    app = app_factory(EXTERNAL_URL="https://domibolig.dk/pulje/", SERVER_NAME=None)
    assert app.test_client().post("/ansoeg", data=valid_form(),
                                  base_url="https://domibolig.dk").status_code == 302
    [body] = mail_bodies(app)
    assert "https://domibolig.dk/pulje/sag/" in body


def test_a_malformed_address_stops_the_start(app_factory):
    with pytest.raises(RuntimeError, match="PULJE_EXTERNAL_URL"):
        app_factory(EXTERNAL_URL="pulje.domibolig.dk")


def test_a_password_reset_link_never_follows_a_forwarded_host(app_factory):
    app = app_factory(EXTERNAL_URL=EXTERNAL, SERVER_NAME=None, TRUSTED_PROXIES=1)
    response = app.test_client().post(
        "/glemt-adgangskode", data={"email": "bent@domi.example"}, base_url=EXTERNAL,
        headers={"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"})
    assert response.status_code == 302
    [body] = read(app, lambda s: [m.body for m in s.exec(
        select(OutboxMail).where(OutboxMail.to == "bent@domi.example")).all()])
    assert EVIL not in body and f"{EXTERNAL}/nulstil/" in body


def test_mails_written_outside_a_request_use_the_same_address(app_factory):
    app = app_factory(EXTERNAL_URL="https://domibolig.dk/pulje", SERVER_NAME=None)
    with app.app_context():
        assert case_link(Application(public_token="abc")) == "https://domibolig.dk/pulje/sag/abc"
        assert link_for("account.reset_password")("xyz") == \
            "https://domibolig.dk/pulje/nulstil/xyz"


def test_flask_s_server_name_is_no_second_address_setting(app_factory):
    app = app_factory(SERVER_NAME="pulje.test", PREFERRED_URL_SCHEME="https")
    with app.app_context():
        assert case_link(Application(public_token="abc")) == "http://localhost:5000/sag/abc"


def test_the_old_setting_name_still_gives_the_address(app_factory):
    # PULJE_PUBLIC_URL was the name before PULJE_EXTERNAL_URL; an installation that still
    # sets it keeps its links (docs/DEPLOYMENT.md calls it deprecated).
    app = app_factory(PUBLIC_URL="https://domibolig.dk/pulje", SERVER_NAME=None)
    with app.app_context():
        assert case_link(Application(public_token="abc")) == "https://domibolig.dk/pulje/sag/abc"
    assert app.test_client().get("/ansoeg", base_url=f"http://{EVIL}").status_code == 400


def test_the_new_setting_wins_over_the_old_name(app_factory):
    app = app_factory(EXTERNAL_URL=EXTERNAL, PUBLIC_URL="https://old.example", SERVER_NAME=None)
    with app.app_context():
        assert case_link(Application(public_token="abc")) == f"{EXTERNAL}/sag/abc"
