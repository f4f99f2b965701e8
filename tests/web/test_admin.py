"""The administrator's users page: the organisation's users, and creating one."""

from __future__ import annotations

from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Organisation, User
from pulje.services.users import create_user
from tests.web.test_caseworker import read


@pytest.fixture
def admin(client, login):
    login(client, "admin@domi.example")
    return client


def new_user(**overrides) -> dict:
    values = {"name": "Lone Juhl", "email": "Lone@DOMI.example", "role": "board",
              "password": "en-lang-adgangskode"}
    values.update(overrides)
    return values


def test_lists_the_organisations_users(admin):
    html = admin.get("/admin/").get_data(as_text=True)
    for name in ("Mette Hansen", "Bent Ravn", "Aisha Karimi"):
        assert name in html
    assert "Bestyrelsesmedlem" in html and "Mindst 10 tegn." in html


def test_creates_a_user_who_can_log_in(app, admin, client):
    response = admin.post("/admin/", data=new_user(), follow_redirects=True)
    assert "Lone Juhl er oprettet som bestyrelsesmedlem." in response.get_data(as_text=True)
    user = read(app, lambda s, org: s.exec(select(User).where(
        User.email == "lone@domi.example")).one())
    assert (user.role, user.name) == ("board", "Lone Juhl")
    assert user.password_hash != "en-lang-adgangskode"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"password": "kort"}, "Adgangskoden skal have mindst 10 tegn."),
    ({"email": "mette@domi.example"}, "Der findes allerede en bruger med e-mail"),
    ({"email": "ingen-snabel-a"}, "Skriv en gyldig e-mailadresse."),
    ({"role": "superuser"}, "Vælg en rolle."),
    ({"name": ""}, "Feltet skal udfyldes."),
])
def test_refused_users_are_not_created_and_the_form_is_kept(app, admin, overrides, message):
    count = read(app, lambda s, org: len(s.exec(select(User)).all()))
    response = admin.post("/admin/", data=new_user(**overrides))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and message in html
    if overrides.get("name") != "":
        assert 'value="Lone Juhl"' in html
    assert read(app, lambda s, org: len(s.exec(select(User)).all())) == count


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
    response = admin.post("/admin/", data=new_user(email="Kirsten@Vest.example"))
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "kirsten@vest.example kan ikke bruges til en ny bruger" in page
    for secret in ("findes allerede", "Kirsten Vestergaard", "Boligselskabet Vest"):
        assert secret not in page, secret
    users = read(app, lambda s, org: s.exec(select(User.name).where(
        User.email == "kirsten@vest.example")).all())
    assert users == ["Kirsten Vestergaard"]
