"""The application form by keyboard alone: Tab from the top of the page, type, Space, Enter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.harness import PHONE, TODAY
from tests.helpers.browser_steps import FOCUSED, tab_to

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect


def type_date(page, day) -> None:
    """A date typed into the focused date field (month, day, year: see CHROMIUM_ENV)."""
    page.keyboard.type(day.strftime("%m%d%Y"))


def test_application_form_by_keyboard_alone(open_page):
    page = open_page(PHONE)
    page.goto("/ansoeg")

    # The first stop is the skip link; Enter on it lands in the page's content.
    assert tab_to(page, "Gå direkte til indholdet", limit=1)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "main"

    stops = tab_to(page, "applicant_name")
    assert stops == ["applicant_name"], "the form's first field follows the content's start"
    page.keyboard.type("Ole Berg")
    tab_to(page, "department", limit=1)
    page.keyboard.type("3")
    tab_to(page, "applicant_email")
    page.keyboard.type("ole@beboer.example")
    tab_to(page, "title")
    page.keyboard.type("Brætspilsaften")
    tab_to(page, "purpose", limit=1)
    page.keyboard.type("Spil og kage hver anden torsdag for naboer i alle aldre.")
    tab_to(page, "expected_participants", limit=1)
    page.keyboard.type("15")
    start = TODAY + timedelta(days=20)
    tab_to(page, "period_start", limit=1)
    type_date(page, start)
    tab_to(page, "period_end", limit=2)
    type_date(page, start)
    tab_to(page, "small_group")
    page.keyboard.press("Space")
    expect(page.get_by_label("For en mindre gruppe")).to_be_checked()
    tab_to(page, "budget-0-description")
    page.keyboard.type("Brætspil")
    tab_to(page, "budget-0-amount", limit=1)
    page.keyboard.type("1.200")

    # Space on "+ Tilføj linje" adds a second line in place and puts the focus in it.
    tab_to(page, "+ Tilføj linje")
    page.keyboard.press("Space")
    expect(page.get_by_label("Udgift 2", exact=True)).to_be_visible()
    assert page.evaluate(FOCUSED) == "budget-1-description"
    page.keyboard.type("Kage og kaffe")
    tab_to(page, "budget-1-amount", limit=1)
    page.keyboard.type("300,50")
    expect(page.locator("#budget-total")).to_have_text("1.500,50 kr.")

    tab_to(page, "Send ansøgning")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tak — vi har fået din ansøgning")).to_be_visible()

    page.get_by_role("link", name="Gå til din sag").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Brætspilsaften", level=1)).to_be_visible()
    page.get_by_text("Se formål og budget").focus()
    page.keyboard.press("Enter")
    budget = page.get_by_role("region", name="Budget")
    expect(budget).to_contain_text("Kage og kaffe")
    expect(budget).to_contain_text("1.500,50 kr.")
