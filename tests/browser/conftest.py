"""Browser fixtures: Debian's Chromium through Playwright, the app on a real server, the audit.

One server and one browser serve the whole run. The server is the production path: gunicorn
with 2 workers over HTTPS (a certificate made for the run), the app as configured for production
(CSRF on, Secure cookies), on a fresh PostgreSQL schema when PostgreSQL answers, else SQLite,
with the demo data made for today (the web app dates its steps by date.today()). Chromium trusts
that one certificate's key (--ignore-certificate-errors-spki-list), nothing else. Each test
opens its own browser contexts. Without Playwright, Chromium or axe-core the tests are skipped
with the reason.

Screenshots go to $PULJE_SCREENSHOTS, else screenshots/<time of the run>/ in the repository
(git-ignored); axe-core's remaining (moderate and minor) findings are listed at the end of the
test output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from tests.browser.harness import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    CHROMIUM_ENV,
    REPO,
    TODAY,
    Audit,
    Finding,
    ScriptErrors,
)
from tests.servers import Certificate, demo_database, gunicorn_server, make_certificate
from tests.smtp import Inbox, smtp_server

FINDINGS = pytest.StashKey[list[Finding]]()
SHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> Certificate:
    """The run's server certificate (for 127.0.0.1), signed by a CA made for the run."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def browser(certificate):
    """Chromium from /usr/bin (never Playwright's own download), headless."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (pip: playwright)")
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's own requests (page.request, route.fetch) go out from its Node.js driver,
    # which reads the CAs to trust from the environment it is started with.
    with environment(NODE_EXTRA_CA_CERTS=str(certificate.ca_file)):
        playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), env=CHROMIUM_ENV, args=[
                *CHROMIUM_ARGS,
                f"--ignore-certificate-errors-spki-list={certificate.spki_hash()}"])
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@contextmanager
def environment(**variables: str) -> Iterator[None]:
    """The process environment with ``variables`` set, for the block only."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def database_url(browser, tmp_path_factory) -> str:
    """The run's database with the demo data (PostgreSQL when it answers, else SQLite)."""
    with demo_database(tmp_path_factory.mktemp("database"), TODAY) as url:
        yield url


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    """The SMTP server the app's mail worker delivers to; what arrived is in ``inbox``."""
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def server(database_url, certificate, inbox, tmp_path_factory) -> str:
    """The app's https:// address: gunicorn on a free loopback port, for this run only; its
    mail worker sends to ``inbox`` every half second."""
    mail = {"PULJE_MAIL_SMTP_HOST": "127.0.0.1", "PULJE_MAIL_SMTP_PORT": str(inbox.port),
            "PULJE_MAIL_SMTP_TLS": "none", "PULJE_MAIL_FROM": "pulje@domi.example",
            "PULJE_MAIL_WORKER_INTERVAL": "0.5"}
    with gunicorn_server(tmp_path_factory.mktemp("browser"), database_url,
                         certificate=certificate, environment=mail) as running:
        yield running.url


@pytest.fixture(scope="session")
def screenshots(pytestconfig) -> Path:
    folder = Path(os.environ.get("PULJE_SCREENSHOTS") or
                  REPO / "screenshots" / datetime.now().strftime("%Y%m%d-%H%M%S"))
    folder.mkdir(parents=True, exist_ok=True)
    pytestconfig.stash[SHOTS] = folder
    return folder


@pytest.fixture(scope="session")
def audit(browser, server, screenshots, pytestconfig) -> Audit:
    """``audit(page, name)``: screenshots at 360 and 1280 px, and axe-core on the page."""
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (npm install --prefix tests/browser)")
    checker = Audit(browser, screenshots)
    pytestconfig.stash[FINDINGS] = checker.findings
    try:
        yield checker
    finally:
        checker.close()


@pytest.fixture
def open_page(browser, server) -> Callable:
    """``open_page(width)``: a new page in its own context (own cookies) on the gunicorn server.

    Script errors and console errors (a breach of the Content-Security-Policy is one) fail
    the test.
    """
    contexts, watches = [], []

    def open_one(width: int):
        context = browser.new_context(
            base_url=server, viewport={"width": width, "height": 900}, locale="da-DK",
            timezone_id="Europe/Copenhagen")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watches.append(ScriptErrors(page))
        return page

    yield open_one
    for context in contexts:
        context.close()
    errors = [error for watch in watches for error in watch.errors]
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def pytest_terminal_summary(terminalreporter, config) -> None:
    """axe-core's findings (a serious or critical one fails its test) and the screenshots."""
    findings = config.stash.get(FINDINGS, None)
    folder = config.stash.get(SHOTS, None)
    if findings is None and folder is None:
        return
    terminalreporter.section("browser: accessibility and screenshots")
    if findings is not None:
        if findings:
            terminalreporter.write_line(f"axe-core findings ({len(findings)}):")
            for finding in findings:
                terminalreporter.write_line(f"  {finding}")
        else:
            terminalreporter.write_line("axe-core: no violations on any audited page.")
    if folder is not None:
        terminalreporter.write_line(f"screenshots: {folder}")
