"""Browser fixtures: Debian's Chromium through Playwright, the app on a real server, the audit.

One server and one browser serve the whole run: the app on a migrated SQLite file with the demo
data made for today (the web app dates its steps by date.today()). Each test opens its own
browser contexts. Without Playwright, Chromium or axe-core the tests are skipped with the reason.

Screenshots go to $PULJE_SCREENSHOTS, else screenshots/<time of the run>/ in the repository
(git-ignored); axe-core's remaining (moderate and minor) findings are listed at the end of the
test output.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
    live_server,
)

FINDINGS = pytest.StashKey[list[Finding]]()
SHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def browser():
    """Chromium from /usr/bin (never Playwright's own download), headless."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (pip: playwright)")
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=CHROMIUM_ENV)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def server_folder(tmp_path_factory) -> Path:
    """Where the live server keeps its database and uploads (tests read its outbox there)."""
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def server(browser, server_folder) -> str:
    """The app's address: a real server on a free loopback port, for this run only."""
    with live_server(server_folder, TODAY) as url:
        yield url


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
    """``open_page(width)``: a new page in its own context (own cookies) on the live server.

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
