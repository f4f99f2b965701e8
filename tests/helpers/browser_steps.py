"""The browser journeys' shared steps: the application form filled in, a staff login, moving
the focus with Tab."""

from __future__ import annotations

from datetime import timedelta

from pulje.demo import DEMO_PASSWORD
from tests.browser.harness import TODAY

PASSWORD = DEMO_PASSWORD
START = TODAY + timedelta(days=10)


def fill_application(page, *, name: str) -> None:
    """Everything the form asks for, with one budget line; ``name`` may be left empty."""
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Din afdeling").select_option("2")
    page.get_by_label("E-mail", exact=True).fill("karen@beboer.example")
    page.get_by_label("Aktivitetens navn").fill("Fællesspisning i beboerhuset")
    page.get_by_label("Formål og aktivitet").fill(
        "Vi laver mad sammen en gang om måneden, så nye og gamle beboere lærer hinanden at kende.")
    page.get_by_label("Forventet antal deltagere").fill("40")
    page.get_by_label("Fra dato").fill(START.isoformat())
    page.get_by_label("Til dato").fill(START.isoformat())
    page.get_by_label("Går på tværs af afdelinger").check()
    page.get_by_label("Udgift 1", exact=True).fill("Råvarer")
    page.locator("#budget-0-amount").fill("3.500")


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


FOCUSED = "() => { const e = document.activeElement; return e ? (e.id || e.textContent) : ''; }"


def tab_to(page, target: str, limit: int = 40) -> list[str]:
    """Press Tab until the element with id (or text) ``target`` has focus; the stops on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED).strip())
        if stops[-1] == target:
            return stops
    raise AssertionError(f"Tab never reached {target!r}; it went {stops}")
