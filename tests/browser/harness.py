"""What the browser tests share: Chromium's launch, the accessibility audit.

The server the journeys use is the production path (tests/servers.py): gunicorn with TLS.

The audit takes a page exactly as a visitor sees it (the DOM after the server's answer, also
an error state that only a POST produces) and replays it in a separate context at 360 and
1280 px: a screenshot of the whole page at each width, and axe-core run on it. The journeys
themselves run under the app's real Content-Security-Policy, so a script the policy would
block fails them; only the audit's context bypasses the policy, to inject axe-core.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pulje.web.security import CSP

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = Path(os.environ.get("PULJE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# A date field's segment order (mm/dd/yyyy or dd.mm.yyyy) follows the browser's own language,
# which Chromium on Linux reads from the environment: pin it, so a date typed on the keyboard
# means the same on every machine (the pages' language is set per context, locale da-DK).
CHROMIUM_ENV = {**os.environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en_US"}
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# The run's day: the demo data is made for it, and the web app dates its steps by date.today().
TODAY = date.today()
# The phone and the desk: every audited page is screenshot and checked at both widths.
PHONE, DESK = 360, 1280
WIDTHS = (PHONE, DESK)
BLOCKING = ("serious", "critical")

# axe-core's violations, trimmed to what a reader of the test output needs.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" "))}));
}"""


@dataclass
class Finding:
    """One axe-core violation on one audited page at one width."""

    page: str
    width: int
    id: str
    impact: str
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        return (f"{self.page} @{self.width}px: [{self.impact}] {self.id} — {self.help} "
                f"({', '.join(self.nodes)})")


@dataclass
class Audit:
    """Screenshots and axe-core for pages of the journeys, each at both widths."""

    browser: object
    folder: Path
    findings: list[Finding] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    _replayer: object = None
    _served: dict = field(default_factory=dict)
    _assets: dict = field(default_factory=dict)

    def __call__(self, page, name: str) -> list[Finding]:
        """Screenshot and check ``page`` as it is now; fail on a serious or critical finding."""
        slug = f"{len(self.pages) + 1:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        self.pages.append(slug)
        self._served = {"url": page.url.split("#")[0], "html": page.content()}
        replay = self._replay()
        replay.set_viewport_size({"width": WIDTHS[0], "height": 900})
        replay.goto(self._served["url"], wait_until="load")
        replay.add_script_tag(path=str(AXE))
        found: list[Finding] = []
        for width in WIDTHS:
            # The same snapshot at each width: the layout follows the viewport, axe stays.
            replay.set_viewport_size({"width": width, "height": 900})
            replay.screenshot(path=self.folder / f"{slug}-{width}.png", full_page=True)
            found += [Finding(slug, width, v["id"], v["impact"] or "minor", v["help"], v["nodes"])
                      for v in replay.evaluate(AXE_RUN)]
        self.findings += found
        blocking = [f for f in found if f.impact in BLOCKING]
        assert not blocking, "axe-core: serious or critical problems\n" + "\n".join(
            map(str, blocking))
        return found

    def _replay(self):
        """The page that shows the snapshots; made on first use."""
        if self._replayer is None:
            # bypass_csp only here, for the audit: axe-core is injected as an inline script,
            # which the app's policy (script-src 'self') rightly forbids. The journeys'
            # own contexts keep the policy.
            context = self.browser.new_context(
                viewport={"width": WIDTHS[0], "height": 900}, locale="da-DK",
                timezone_id="Europe/Copenhagen", bypass_csp=True)
            self._replayer = context.new_page()
            self._replayer.route("**/*", self._serve)
        return self._replayer

    def _serve(self, route) -> None:
        """The snapshot for the page's own address (with the app's CSP); the rest from the app.

        Style sheets, scripts and images are fetched once and kept: a routed page has no HTTP
        cache, and they do not change during a run.
        """
        request = route.request
        if request.resource_type == "document" and request.url == self._served["url"]:
            route.fulfill(status=200, body=self._served["html"], headers={
                "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP})
            return
        if request.method != "GET" or request.resource_type == "document":
            route.continue_()
            return
        if request.url not in self._assets:
            response = route.fetch()
            self._assets[request.url] = (response.status, response.headers, response.body())
        status, headers, body = self._assets[request.url]
        route.fulfill(status=status, headers=headers, body=body)

    def close(self) -> None:
        if self._replayer is not None:
            self._replayer.context.close()
            self._replayer = None


class ScriptErrors:
    """Script errors and console errors on a journey's pages: a CSP refusal is one of them.

    A 4xx answer (a refused form is 422) is logged by Chromium as a failed resource; that one
    is expected and not kept.
    """

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _console(self, page, message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{page.url}: {message.text}")
