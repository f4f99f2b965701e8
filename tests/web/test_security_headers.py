"""The browser protections on every response: every route of the app, error pages, redirects,
PDFs and downloads; the cookies' flags; the secret key; HSTS over HTTPS only."""

from __future__ import annotations

import os
import stat

import pytest

from pulje import create_app, instance_secret_key
from pulje.demo import DEMO_PASSWORD
from pulje.web.security import CSP, HSTS
from tests.helpers.routes import HTTPS, USERS, allowed_role, clients_by_role, routes


def assert_protected(response, what, *, secure: bool = True) -> None:
    headers = response.headers
    assert headers.get("Content-Security-Policy"), what
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] or (
        "sandbox" in headers["Content-Security-Policy"]), what
    assert "script-src 'unsafe-inline'" not in headers["Content-Security-Policy"], what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "same-origin", what
    assert headers.get("Strict-Transport-Security") == (HSTS if secure else None), what


def test_every_route_as_its_own_role_carries_the_headers(app, login):
    clients = clients_by_role(app, login)
    seen = set()
    for url, method, blueprint in routes(app):
        response = clients[allowed_role(blueprint)].open(url, method=method, base_url=HTTPS)
        assert response.status_code < 500, (method, url, response.status_code)
        assert_protected(response, (method, url))
        seen.add((response.status_code, response.mimetype))
        response.close()
    # The scan met pages, redirects, refusals, PDFs and the stored file.
    assert {200, 302, 422} <= {status for status, _ in seen}
    assert ("application/pdf" in {mimetype for _, mimetype in seen})


def test_every_route_as_a_stranger_carries_the_headers(app, login):
    clients = clients_by_role(app, login)
    for url, method, blueprint in routes(app):
        # Anonymous: staff pages redirect to the login; the wrong role gets a 403 page.
        for role in (None, "board" if blueprint != "board" else "caseworker"):
            response = clients[role].open(url, method=method, base_url=HTTPS)
            assert_protected(response, (role, method, url))
            response.close()


def test_error_pages_carry_the_headers(app_factory, client, login):
    login(client, USERS["caseworker"])
    responses = {
        404: client.get("/findes-ikke", base_url=HTTPS),
        405: client.get("/sagsbehandling/faktura/1/godkend", base_url=HTTPS),
        403: client.get("/admin/", base_url=HTTPS),
        # Raw bytes: a form with a file this big would spool to an unclosed temporary file.
        413: client.post("/sagsbehandling/sag/x/faktura", base_url=HTTPS,
                         data=b"-" * (10 * 1024 * 1024 + 1),
                         content_type="multipart/form-data; boundary=x"),
    }
    # A post without the CSRF token gives the 400 page.
    responses[400] = client.post("/login", base_url=HTTPS, data={"email": "a@b.dk"},
                                 csrf=False)
    for code, response in responses.items():
        assert response.status_code == code, (code, response.status_code)
        assert_protected(response, code)
    assert "højst være 10 MB" in responses[413].get_data(as_text=True)


def test_an_unexpected_error_gets_the_danish_page_and_the_headers(app_factory):
    app = app_factory(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom", base_url=HTTPS)
    assert response.status_code == 500
    assert "Der skete en fejl" in response.get_data(as_text=True)
    assert_protected(response, 500)


def test_no_hsts_over_plain_http(client):
    assert_protected(client.get("/login"), "http", secure=False)
    assert client.get("/login").headers["Content-Security-Policy"] == CSP


def test_production_cookies_are_secure_httponly_and_lax(app_factory):
    app = app_factory(TESTING=False)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 8 * 3600
    response = app.test_client().post("/login", base_url=HTTPS, data={
        "email": USERS["caseworker"], "password": DEMO_PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_make_run_on_loopback_keeps_its_login_over_plain_http(app_factory):
    app = app_factory(TESTING=False, SERVER_NAME=None)
    dev_server = {"environ_overrides": {"SERVER_SOFTWARE": "Werkzeug/3.1"}}
    login = {"email": USERS["caseworker"], "password": DEMO_PASSWORD}
    local = app.test_client().post("/login", base_url="http://127.0.0.1:5000", data=login,
                                   **dev_server)
    assert local.status_code == 302 and "Secure" not in local.headers["Set-Cookie"]
    # Another host name, or a production server on loopback (behind a proxy), stays Secure.
    named = app.test_client().post("/login", base_url="http://pulje.example", data=login,
                                   **dev_server)
    behind_proxy = app.test_client().post("/login", base_url="http://127.0.0.1:8000",
                                          data=login,
                                          environ_overrides={"SERVER_SOFTWARE": "gunicorn/23"})
    for response in (named, behind_proxy):
        assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_insecure_cookies_only_when_asked(app_factory):
    assert not app_factory(TESTING=False, INSECURE_COOKIES=True).config["SESSION_COOKIE_SECURE"]
    assert not app_factory(TESTING=False, SESSION_COOKIE_SECURE=False).config[
        "SESSION_COOKIE_SECURE"]


def test_a_trusted_proxy_s_scheme_and_address_are_believed(app_factory):
    client = app_factory(TRUSTED_PROXIES=1).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"}
    assert client.get("/login", headers=forwarded).headers["Strict-Transport-Security"] == HSTS
    untrusting = app_factory().test_client()
    assert "Strict-Transport-Security" not in untrusting.get("/login", headers=forwarded).headers


def test_the_secret_key_is_made_once_and_kept_private(tmp_path):
    key = instance_secret_key(tmp_path)
    assert len(key) == 64 and instance_secret_key(tmp_path) == key
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
    (tmp_path / "secret_key").write_text("kort")
    with pytest.raises(RuntimeError, match="too short"):
        instance_secret_key(tmp_path)


def test_the_old_default_key_is_never_used(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "dev-only-change-me",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    try:
        assert app.config["SECRET_KEY"] != "dev-only-change-me"
        assert len(app.config["SECRET_KEY"]) == 64
    finally:
        app.extensions["pulje.engine"].dispose()
