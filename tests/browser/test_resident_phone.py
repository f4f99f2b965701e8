"""On a phone: the space meter answers while typing, budget lines come and go without the page
moving, and the resident's tables fit the screen as cards."""

from __future__ import annotations

import pytest

from tests.browser.harness import DESK, PHONE
from tests.helpers.browser_steps import fill_application

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

SENTENCE = "Vi vil samle beboerne i gården til kaffe, kage og lege for børnene, så naboer mødes. "
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_space_meter_answers_while_typing(open_page, audit):
    page = open_page(PHONE)
    page.goto("/ansoeg")
    meter = page.locator("#space-meter")
    expect(meter).to_contain_text("Der er plads til ca.")
    page.get_by_label("Formål og aktivitet").fill(SENTENCE * 60)
    expect(meter).to_contain_text("forkort med ca.")
    page.get_by_label("Formål og aktivitet").fill(SENTENCE * 5)
    expect(meter).to_contain_text("Der er plads til ca.")
    audit(page, "apply with the space meter")


def test_budget_lines_come_and_go_where_the_reader_is(open_page):
    page = open_page(PHONE)
    page.goto("/ansoeg")
    fill_application(page, name="Karen Jensen")
    page.evaluate("() => { window.stillHere = true; }")  # gone if the page reloads
    add = page.get_by_role("button", name="+ Tilføj linje")
    add.scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    add.click()
    expect(page.get_by_label("Udgift 2", exact=True)).to_be_focused()
    assert page.evaluate("() => window.stillHere") is True
    assert abs(page.evaluate("() => window.scrollY") - before) < 200
    page.get_by_label("Udgift 2", exact=True).fill("Kaffe")
    page.locator("#budget-1-amount").fill("500")
    expect(page.locator("#budget-total")).to_have_text("4.000,00 kr.")

    page.get_by_role("button", name="Fjern udgift 1").click()
    assert page.evaluate("() => window.stillHere") is True
    expect(page.get_by_label("Udgift 1", exact=True)).to_have_value("Kaffe")
    expect(page.locator("#budget-total")).to_have_text("500,00 kr.")
    page.get_by_role("button", name="Send ansøgning").click()
    expect(page.get_by_role("heading", name="Tak — vi har fået din ansøgning")).to_be_visible()


@pytest.mark.parametrize("width", [PHONE, DESK])
def test_the_case_pages_tables_fit_the_screen(open_page, audit, width):
    page = open_page(width)
    page.goto("/ansoeg")
    fill_application(page, name="Karen Jensen")
    page.get_by_role("button", name="Send ansøgning").click()
    page.get_by_role("link", name="Gå til din sag").click()
    page.get_by_text("Se formål og budget").click()
    assert page.evaluate(OVERFLOW) <= 0
    if width == PHONE:  # cards: each value under its column's name
        label = page.locator("td[data-label='Beløb']").first
        expect(label).to_be_visible()
        content = label.evaluate("e => getComputedStyle(e, '::before').content")
        assert "Beløb" in content
    audit(page, f"case page tables {width}")
