"""The pages outside the main journey: withdrawing, the error page, the empty queue, users.

Each is audited like the journey's pages (axe-core at 360 and 1280 px, screenshots), with
its form empty and refused where it has one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from pulje.demo import DEMO_PASSWORD
from tests.browser.harness import DESK, PHONE, TODAY

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

PASSWORD = DEMO_PASSWORD


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator(".flash-success")).to_contain_text("Du er logget ind")


def test_withdrawing_and_the_error_page(open_page, audit):
    resident = open_page(PHONE)
    resident.goto("/sag/ikke-et-rigtigt-link")
    expect(resident.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    audit(resident, "error not found")

    # A case of the resident's own to withdraw (the form itself is tested in the journey).
    start = (TODAY + timedelta(days=30)).isoformat()
    resident.goto("/ansoeg")
    resident.get_by_label("Dit navn").fill("Lis Holm")
    resident.get_by_label("Din afdeling").select_option("4")
    resident.get_by_label("E-mail", exact=True).fill("lis@beboer.example")
    resident.get_by_label("Aktivitetens navn").fill("Strikkeklub")
    resident.get_by_label("Formål og aktivitet").fill("Vi strikker sammen i fælleshuset.")
    resident.get_by_label("Forventet antal deltagere").fill("8")
    resident.get_by_label("Fra dato").fill(start)
    resident.get_by_label("Til dato").fill(start)
    resident.get_by_label("For en mindre gruppe").check()
    resident.get_by_label("Udgift 1", exact=True).fill("Garn")
    resident.locator("#budget-0-amount").fill("600")
    resident.get_by_role("button", name="Send ansøgning").click()
    resident.get_by_role("link", name="Gå til din sag").click()
    resident.get_by_role("link", name="Træk ansøgningen tilbage").click()
    expect(resident).to_have_url(re.compile(r"/traek-tilbage$"))
    audit(resident, "withdraw confirm")
    resident.get_by_role("button", name="Ja, træk ansøgningen tilbage").click()
    expect(resident.locator(".flash-success")).to_have_text("Ansøgningen er trukket tilbage.")
    expect(resident.locator(".status-head .badge")).to_have_text("Trukket tilbage")
    audit(resident, "status withdrawn")


def test_empty_queue_and_the_users_page(open_page, audit):
    admin = open_page(DESK)
    log_in(admin, "admin@domi.example")
    admin.get_by_label("Søg i sagsnr., ansøger, e-mail, titel, afdeling, leverandør og faktura"
                       ).fill("findes-ikke-nogen-steder")
    admin.get_by_role("button", name="Vis").click()
    expect(admin.locator(".cw-head .lead")).to_have_text("0 sager matcher filtrene.")
    audit(admin, "queue nothing found")

    admin.get_by_role("link", name="Brugere").click()
    expect(admin.get_by_role("heading", level=1)).to_be_visible()
    audit(admin, "users empty form")
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".field-error").first).to_be_visible()
    audit(admin, "users form refused")
