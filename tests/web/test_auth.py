"""Login, logout, the role check, CSRF, error pages, language and the security headers."""

from __future__ import annotations

import re
from html import unescape

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlmodel import func, select

from pulje.models import Application
from tests.helpers.resident_pages import read, valid_form

CASEWORKER = "mette@domi.example"
BOARD = "bent@domi.example"
WRONG = "Forkert e-mail eller adgangskode."


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def without_token(page: str) -> str:
    return re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+', r"\1", page)


def test_a_wrong_password_and_an_unknown_email_get_the_same_message(client, login):
    wrong_password = login(client, CASEWORKER, "not-the-password")
    unknown_user = login(client, "nobody@domi.example", "not-the-password")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert WRONG in text(response)
    # The pages differ only in the address typed and the form's CSRF token (signed anew, with
    # the time, on every page).
    assert without_token(text(wrong_password)).replace(CASEWORKER, "") == \
        without_token(text(unknown_user)).replace("nobody@domi.example", "")
    assert client.get("/sagsbehandling/").status_code == 302


def test_empty_login_form_gets_danish_field_errors(client):
    page = text(client.post("/login", data={"email": "", "password": ""}))
    assert "Skriv din e-mailadresse." in page and "Skriv din adgangskode." in page


def test_login_renews_the_session_and_goes_to_the_role_s_start(client, login):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = login(client, CASEWORKER)
    assert response.status_code == 302 and response.location.endswith("/sagsbehandling/")
    with client.session_transaction() as session:
        assert "planted" not in session
    page = text(client.get("/sagsbehandling/"))
    assert "Mette Hansen" in page and "Log ud" in page


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(client, login):
    response = client.get("/bestyrelse/")
    assert response.status_code == 302 and "/login?next=" in response.location
    assert "Log ind for at se siden." in text(client.get(response.location))
    back = client.post("/login?next=/bestyrelse/",
                       data={"email": BOARD, "password": "pulje-demo-2026"})
    assert back.location.endswith("/bestyrelse/")
    client.post("/logout")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}",
                               data={"email": BOARD, "password": "pulje-demo-2026"})
        assert "evil" not in response.location
        client.post("/logout")


def test_the_wrong_role_gets_a_danish_403(client, login):
    login(client, BOARD)
    response = client.get("/sagsbehandling/")
    assert response.status_code == 403 and "Ingen adgang" in text(response)


def test_logout_is_a_post_and_forgets_the_user(client, login):
    login(client, CASEWORKER)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert "Du er logget ud." in text(client.get("/login"))
    assert client.get("/sagsbehandling/").status_code == 302


def test_posts_without_the_csrf_token_are_refused(app_factory):
    app = app_factory()
    client = app.test_client()
    refused = client.post("/login", data={"email": CASEWORKER, "password": "pulje-demo-2026"},
                          csrf=False)
    assert refused.status_code == 400 and "sikkerhedsfelt" in text(refused)

    def applications(session):
        return session.exec(select(func.count(Application.id))).one()
    before = read(app, applications)
    assert client.post("/ansoeg", data=valid_form(), csrf=False).status_code == 400
    assert read(app, applications) == before

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      text(client.get("/login"))).group(1)
    accepted = client.post("/login", data={"email": CASEWORKER, "password": "pulje-demo-2026",
                                           "csrf_token": token})
    assert accepted.status_code == 302


def _referer_a_browser_sends(policy: str, page: str) -> str | None:
    """The Referer Chromium and Firefox send on a same-origin form post under ``policy``."""
    return None if policy == "no-referrer" else page


def test_forms_post_over_https_with_csrf_on(app_factory):
    """Over HTTPS Flask-WTF demands a same-origin Referer; our Referrer-Policy must let the
    browser send it (with ``no-referrer`` every login and application was refused)."""
    app = app_factory(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    base = "https://pulje.test"
    page = client.get("/login", base_url=base)
    policy = page.headers["Referrer-Policy"]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text(page)).group(1)
    form = {"email": CASEWORKER, "password": "pulje-demo-2026", "csrf_token": token}

    # csrf=False: the form as given, without the Referer our test client would add.
    no_referer = client.post("/login", data=form, base_url=base, csrf=False)
    assert no_referer.status_code == 400 and "sikkerhedsfelt" in text(no_referer)

    referer = _referer_a_browser_sends(policy, f"{base}/login")
    assert referer is not None, f"Referrer-Policy {policy} stops every HTTPS form"
    posted = client.post("/login", data=form, base_url=base, headers={"Referer": referer})
    assert posted.status_code == 302 and posted.location.endswith("/sagsbehandling/")


def test_unknown_pages_get_a_danish_404(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404 and "Siden findes ikke" in text(response)


def test_without_an_english_catalogue_the_site_stays_danish(app_factory, tmp_path):
    client = app_factory(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "none")).test_client()
    page = text(client.get("/?lang=en"))
    assert '<html lang="da">' in page and 'hreflang="en"' not in page


def test_english_is_offered_once_its_catalogue_exists_and_is_remembered(app_factory, tmp_path):
    catalog = Catalog(locale="en")
    catalog.add("Gå direkte til indholdet", "Skip to the content")
    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as file:
        write_mo(file, catalog)
    client = app_factory(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations")).test_client()

    danish = text(client.get("/"))
    assert '<html lang="da">' in danish and 'hreflang="en"' in danish
    chosen = client.get("/?lang=en")
    assert '<html lang="en">' in text(chosen) and "Skip to the content" in text(chosen)
    assert "pulje_lang=en" in chosen.headers["Set-Cookie"]
    assert '<html lang="en">' in text(client.get("/"))
    assert '<html lang="da">' in text(client.get("/?lang=da"))


def test_every_page_has_the_security_headers(client):
    for url in ("/", "/ansoeg", "/login"):
        headers = client.get(url).headers
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
