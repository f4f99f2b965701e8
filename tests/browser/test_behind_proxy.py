"""Behind a reverse proxy: TLS ends at the proxy, gunicorn speaks plain HTTP behind it.

The app believes the proxy's X-Forwarded-Proto because PULJE_TRUSTED_PROXIES=1 says one proxy
stands in front (gunicorn's own reading of the header is off): so it knows the visitor came over
HTTPS — the links it writes are https://, its cookies Secure, HSTS sent — and the resident's
application and the caseworker's login, both CSRF-checked, go through.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import DESK, PHONE, TODAY, ScriptErrors
from tests.helpers.browser_steps import fill_application, log_in
from tests.servers import free_port, gunicorn_server, tls_proxy

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect


@pytest.fixture(scope="module")
def proxy(database_url, certificate, tmp_path_factory) -> str:
    """The proxy's https:// address; gunicorn (plain HTTP) is behind it, with one worker: the
    journeys on the main server show the workers, this one the proxy."""
    app_port, proxy_port = free_port(), free_port()
    address = f"https://127.0.0.1:{proxy_port}"
    with gunicorn_server(tmp_path_factory.mktemp("proxied"), database_url, certificate=None,
                         port=app_port, workers=1, environment={"PULJE_TRUSTED_PROXIES": "1",
                                                     "PULJE_EXTERNAL_URL": address}), \
            tls_proxy(app_port, certificate, port=proxy_port) as url:
        yield url


def test_apply_and_log_in_through_a_tls_terminating_proxy(browser, proxy):
    contexts, watches = [], []

    def open_page(width: int):
        context = browser.new_context(base_url=proxy, viewport={"width": width, "height": 900},
                                      locale="da-DK", timezone_id="Europe/Copenhagen")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watches.append(ScriptErrors(page))
        return page

    try:
        resident = open_page(PHONE)
        response = resident.goto("/ansoeg")
        assert response.headers.get("strict-transport-security") == "max-age=31536000"
        fill_application(resident, name="Ole Sørensen")
        resident.get_by_role("button", name="Send ansøgning").click()
        expect(resident.get_by_role("heading", name="Tak — vi har fået din ansøgning")
               ).to_be_visible()
        reference = resident.locator(".reference").inner_text().strip()
        assert re.fullmatch(rf"{TODAY.year}-\d{{4}}", reference)
        link = resident.locator("a.private-link").inner_text().strip()
        assert link.startswith(f"{proxy}/sag/")

        caseworker = open_page(DESK)
        caseworker.goto("/login")
        log_in(caseworker, "mette@domi.example")
        expect(caseworker.get_by_role("heading", name="Sager", level=1)).to_be_visible()
        cookies = {cookie["name"]: cookie for cookie in caseworker.context.cookies()}
        assert cookies["session"]["secure"] and cookies["session"]["httpOnly"]
        caseworker.get_by_role("link", name=reference).click()
        caseworker.get_by_role("button", name="Påbegynd behandling").click()
        expect(caseworker.locator(".flash-success")).to_have_text(
            "Sagen er nu under behandling.")
    finally:
        for context in contexts:
            context.close()
    errors = [error for watch in watches for error in watch.errors]
    assert not errors, "errors in the browser:\n" + "\n".join(errors)
