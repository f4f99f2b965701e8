"""The administrator's users page: invite, accept the invitation, edit, deactivate, reset.

The administrator never types a password; links are single-use and expire.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Organisation, OutboxMail, User, UserToken
from pulje.services.users import create_user
from tests.helpers.caseworker_pages import read


@pytest.fixture
def admin(client, login):
    login(client, "admin@domi.example")
    return client


def invitation(**overrides) -> dict:
    values = {"name": "Lone Juhl", "email": "Lone@DOMI.example", "role": "board"}
    values.update(overrides)
    return values


def last_link(app, to: str) -> str:
    """The path of the link in the newest mail to ``to`` (the outbox holds it)."""
    body = read(app, lambda s, org: s.exec(select(OutboxMail.body).where(
        OutboxMail.to == to).order_by(OutboxMail.id.desc())).first())
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def listed_as(admin, name: str) -> str:
    """The user's "Aktiv" cell on the users page (Ja, Nej or Inviteret)."""
    row = re.search(rf">{name}</a>((?:(?!</tr>).)*)</tr>", html(admin.get("/admin/")), re.S)
    return re.search(r'data-label="Aktiv">([^<]+)</td>', row.group(1)).group(1)


def test_lists_the_organisations_users_and_never_asks_for_a_password(admin):
    page = html(admin.get("/admin/"))
    for name in ("Mette Hansen", "Bent Ravn", "Aisha Karimi"):
        assert name in page
    assert "Bestyrelsesmedlem" in page and "Invitér bruger" in page
    assert 'type="password"' not in page


def test_an_invited_user_sets_their_own_password_once_and_logs_in(app, admin):
    response = admin.post("/admin/", data=invitation(), follow_redirects=True)
    assert "Lone Juhl er inviteret som bestyrelsesmedlem" in html(response)
    link = last_link(app, "lone@domi.example")
    assert link.startswith("/invitation/")
    user = read(app, lambda s, org: s.exec(select(User).where(
        User.email == "lone@domi.example")).one())
    assert (user.role, user.name, user.password_hash) == ("board", "Lone Juhl", "!")

    guest = app.test_client()
    assert guest.post("/login", data={"email": "lone@domi.example", "password": "!"}
                      ).status_code == 200
    page = html(guest.get(link))
    assert "Velkommen" in page and "lone@domi.example" in page
    assert listed_as(admin, "Lone Juhl") == "Inviteret"
    refused = guest.post(link, data={"password": "adgangskode123", "confirm": "adgangskode123"})
    assert refused.status_code == 422 and "for almindelig" in html(refused)
    refused = guest.post(link, data={"password": "kort", "confirm": "kort"})
    assert "mindst 10 tegn" in html(refused)
    refused = guest.post(link, data={"password": "grøn hest kaffe", "confirm": "anden"})
    assert "ikke ens" in html(refused)
    done = guest.post(link, data={"password": "grøn hest kaffe", "confirm": "grøn hest kaffe"})
    assert done.status_code == 302 and done.location.endswith("/login")
    assert listed_as(admin, "Lone Juhl") == "Ja"
    again = guest.get(link)
    assert again.status_code == 410 and "udløbet eller allerede brugt" in html(again)
    again = guest.post(link, data={"password": "noget helt andet", "confirm": "noget helt andet"})
    assert again.status_code == 410
    login = guest.post("/login", data={"email": "lone@domi.example",
                                       "password": "grøn hest kaffe"})
    assert login.status_code == 302 and login.location.endswith("/bestyrelse/")


def test_an_invitation_expires_after_72_hours(app, admin):
    admin.post("/admin/", data=invitation())
    link = last_link(app, "lone@domi.example")
    token = read(app, lambda s, org: s.exec(select(UserToken)).one())
    assert token.expires_at - token.created_at == timedelta(hours=72)

    def expire(session, org):
        stored = session.get(UserToken, token.id)
        stored.expires_at = stored.created_at - timedelta(seconds=1)
        session.commit()

    read(app, expire)
    response = app.test_client().get(link)
    assert response.status_code == 410 and "udløbet" in html(response)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"email": "mette@domi.example"}, "Der findes allerede en bruger med e-mail"),
    ({"email": "ingen-snabel-a"}, "Skriv en gyldig e-mailadresse."),
    ({"role": "superuser"}, "Vælg en rolle."),
    ({"name": ""}, "Feltet skal udfyldes."),
])
def test_refused_invitations_create_nothing_and_the_form_is_kept(app, admin, overrides,
                                                                  message):
    count = read(app, lambda s, org: (len(s.exec(select(User)).all()),
                                      len(s.exec(select(OutboxMail)).all())))
    response = admin.post("/admin/", data=invitation(**overrides))
    page = html(response)
    assert response.status_code == 422 and message in page
    if overrides.get("name") != "":
        assert 'value="Lone Juhl"' in page
    assert read(app, lambda s, org: (len(s.exec(select(User)).all()),
                                     len(s.exec(select(OutboxMail)).all()))) == count


def user_id(app, email: str) -> int:
    return read(app, lambda s, org: s.exec(select(User.id).where(User.email == email)).one())


def test_name_and_role_are_edited(app, admin):
    target = user_id(app, "bent@domi.example")
    response = admin.post(f"/admin/brugere/{target}", data={"name": "Bent K. Ravn",
                                                            "role": "caseworker"})
    assert response.status_code == 302
    user = read(app, lambda s, org: s.get(User, target))
    assert (user.name, user.role) == ("Bent K. Ravn", "caseworker")


def test_a_deactivated_user_is_logged_out_and_cannot_log_in_until_reactivated(app, admin,
                                                                              login):
    target = user_id(app, "mette@domi.example")
    generation = read(app, lambda s, org: s.get(User, target).session_generation)
    mette, copied = app.test_client(), app.test_client()
    login(mette, "mette@domi.example")
    copied.set_cookie("session", mette.get_cookie("session", domain="pulje.test").value,
                      domain="pulje.test")
    assert mette.get("/sagsbehandling/").status_code == 200
    response = admin.post(f"/admin/brugere/{target}/aktiv", follow_redirects=True)
    assert "Mette Hansen er deaktiveret." in html(response)
    assert listed_as(admin, "Mette Hansen") == "Nej"
    assert read(app, lambda s, org: s.get(User, target).session_generation) == generation + 1
    assert mette.get("/sagsbehandling/").status_code == 302
    assert login(app.test_client(), "mette@domi.example").status_code == 200
    admin.post(f"/admin/brugere/{target}/aktiv")
    assert login(app.test_client(), "mette@domi.example").status_code == 302
    # Reactivated, she logs in afresh; the session open before (a copy of its cookie, untouched
    # since) stays ended: deactivation revoked it on the server, not only through the flag.
    assert copied.get("/sagsbehandling/").status_code == 302


def test_the_last_active_administrator_cannot_be_removed(app, admin):
    me = user_id(app, "admin@domi.example")
    response = admin.post(f"/admin/brugere/{me}/aktiv", follow_redirects=True)
    assert "eneste aktive administrator" in html(response)
    response = admin.post(f"/admin/brugere/{me}", data={"name": "Aisha Karimi",
                                                        "role": "board"})
    assert response.status_code == 422 and "eneste aktive administrator" in html(response)
    user = read(app, lambda s, org: s.get(User, me))
    assert (user.active, user.role) == (True, "admin")


def test_another_organisations_user_is_not_found(app, admin):
    from pulje.models import Organisation

    def other(session, org):
        session.add(Organisation(name="Anden", legal_name="Anden", cvr="10000009"))
        session.flush()
        stranger = User(organisation_id=session.exec(select(Organisation.id).where(
            Organisation.cvr == "10000009")).one(), email="x@anden.example", name="X",
            role="admin", password_hash="!")
        session.add(stranger)
        session.commit()
        return stranger.id

    stranger = read(app, other)
    assert admin.get(f"/admin/brugere/{stranger}").status_code == 404
    assert admin.post(f"/admin/brugere/{stranger}/aktiv").status_code == 404
    assert "x@anden.example" not in html(admin.get("/admin/"))
    assert read(app, lambda s, org: s.get(User, stranger).active) is True


def test_forgotten_password_gives_the_same_answer_and_a_single_use_link(app):
    guest = app.test_client()
    page = html(guest.get("/login"))
    assert "Glemt adgangskode?" in page
    known = guest.post("/glemt-adgangskode", data={"email": "bent@domi.example"},
                       follow_redirects=True)
    unknown = guest.post("/glemt-adgangskode", data={"email": "ingen@domi.example"},
                         follow_redirects=True)
    assert "Hvis adressen hører til en aktiv bruger" in html(known)
    # The login form's CSRF token is signed with the second it was made in: not the answer.
    def answer(response, email: str) -> str:
        return re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "",
                      html(response).replace(email, ""))

    assert answer(known, "bent@domi.example") == answer(unknown, "ingen@domi.example")
    assert read(app, lambda s, org: s.exec(select(OutboxMail).where(
        OutboxMail.to == "ingen@domi.example")).first()) is None
    link = last_link(app, "bent@domi.example")
    assert link.startswith("/nulstil/")
    assert guest.post(link, data={"password": "blå cykel i regn",
                                  "confirm": "blå cykel i regn"}).status_code == 302
    assert guest.get(link).status_code == 410
    assert guest.post("/login", data={"email": "bent@domi.example",
                                      "password": "blå cykel i regn"}).status_code == 302


def test_forgotten_password_requests_are_rate_limited(app_factory):
    app = app_factory(RATELIMIT_LOGIN="2 per minute")
    guest = app.test_client()
    for _ in range(2):
        assert guest.post("/glemt-adgangskode", data={"email": "x@y.dk"}).status_code == 302
    assert guest.post("/glemt-adgangskode", data={"email": "x@y.dk"}).status_code == 429


def test_only_admins_reach_the_page(client, login):
    login(client, "mette@domi.example")
    assert client.get("/admin/").status_code == 403


def test_an_address_of_another_organisation_s_user_is_refused_without_naming_them(app, admin):
    with app.app_context(), transaction(sessions()) as session:
        other = Organisation(name="Boligselskabet Vest", legal_name="Boligselskabet Vest A/S",
                             cvr="10000009", address="Vestergade 2, 7400 Herning")
        session.add(other)
        session.flush()
        create_user(session, organisation_id=other.id, email="kirsten@vest.example",
                    name="Kirsten Vestergaard", role="caseworker", password="en-lang-adgangskode")
    response = admin.post("/admin/", data=invitation(email="Kirsten@Vest.example"))
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "kirsten@vest.example kan ikke bruges til en ny bruger" in page
    for secret in ("findes allerede", "Kirsten Vestergaard", "Boligselskabet Vest"):
        assert secret not in page, secret
    users = read(app, lambda s, org: s.exec(select(User.name).where(
        User.email == "kirsten@vest.example")).all())
    assert users == ["Kirsten Vestergaard"]
