"""The money after the grant, in a real browser: an invoice above the grant accepted in part and
paid, the supplier's credit note that makes money due back, the refund, and the bookkeeper's
journal that holds both the payment and the refund.

The demo's "Kajakture på fjorden" is granted 8.000 kr. and has no invoices. The caseworker works
at a desk (1280 px) on gunicorn over HTTPS with CSRF on; every wrong input shows its Danish
message in the page, and each state of the invoice card passes the accessibility audit.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.browser.harness import DESK, TODAY
from tests.helpers.browser_steps import log_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

CASE = f"{TODAY.year}-0004"
SUPPLIER = "Kajakcentret Odder ApS"


def register_invoice(page, number: str, amount: str, credits: str | None = None) -> None:
    form = page.locator("details.cw-register")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    page.get_by_label("Leverandør", exact=True).fill(SUPPLIER)
    page.get_by_label("Fakturanummer").fill(number)
    page.get_by_label("Fakturadato").fill(TODAY.isoformat())
    page.get_by_label("Køber som skrevet på fakturaen").fill("DOMI Bolig")
    page.get_by_label("Købers CVR på fakturaen").fill("30000005")
    page.get_by_label("Beløb inkl. moms (kr.)").fill(amount)
    if credits is not None:
        page.get_by_label("Kreditnota: krediterer faktura").select_option(label=credits)
    page.get_by_role("button", name="Registrér faktura").click()


def card(page, number: str):
    """The invoice's card on the case page, found by its heading."""
    heading = page.get_by_role("heading", name=f"{SUPPLIER} · nr. {number}", exact=True)
    return page.locator("article.cw-invoice").filter(has=heading)


def test_credit_note_payment_refund_and_journal(open_page, audit):
    caseworker = open_page(DESK)
    caseworker.goto("/login")
    log_in(caseworker, "mette@domi.example")
    caseworker.goto("/sagsbehandling/")
    caseworker.get_by_role("link", name=CASE, exact=True).click()
    expect(caseworker.get_by_role("heading", name="Kajakture på fjorden")).to_be_visible()

    # The supplier invoices 9.000 kr. for a grant of 8.000 kr.: the page offers only the rest.
    register_invoice(caseworker, "KC-7", "9.000")
    expect(caseworker.locator(".flash-success")).to_contain_text(
        "Faktura nr. KC-7 på 9.000,00 kr. er registreret.")
    invoice = card(caseworker, "KC-7")
    accept_part = invoice.get_by_role("button", name="Godkend 8.000,00 kr. af 9.000,00 kr.")
    audit(caseworker, "money invoice above the grant")
    accept_part.click()
    expect(caseworker.locator(".flash-success")).to_contain_text(
        "godkendt til betaling med 8.000,00 kr. af 9.000,00 kr.")
    invoice = card(caseworker, "KC-7")
    invoice.get_by_label("Betalingsreference").fill("Bank 4711")
    invoice.get_by_role("button", name="Registrér betaling af 8.000,00 kr.").click()
    expect(card(caseworker, "KC-7").locator(".cw-payments")).to_contain_text("Betalt 8.000,00 kr.")
    audit(caseworker, "money paid in part")

    # Then the supplier's credit note of 2.000 kr.: refused until it names the invoice it
    # credits; once registered, 1.000 kr. of what was paid is owed back.
    register_invoice(caseworker, "KC-7K", "-2.000")
    expect(caseworker.get_by_role("alert").first).to_contain_text(
        "En kreditnota skal angive, hvilken faktura på sagen den krediterer.")
    audit(caseworker, "money credit note without its invoice")
    register_invoice(caseworker, "KC-7K", "-2.000", credits=f"nr. KC-7 · {SUPPLIER}")
    invoice = card(caseworker, "KC-7")
    expect(invoice).to_contain_text("herefter 7.000,00 kr.")
    expect(invoice).to_contain_text(f"Skal betales tilbage1.000,00 kr. fra {SUPPLIER}")
    audit(caseworker, "money refund due")

    # The supplier pays it back: an unreadable amount first, then the real one.
    invoice.locator("summary", has_text="Registrér tilbagebetaling").click()
    refund = invoice.get_by_label("Beløb modtaget (kr.)")
    expect(refund).to_have_value("1.000,00")
    refund.fill("tusind")
    invoice.get_by_role("button", name="Registrér tilbagebetaling").click()
    invoice = card(caseworker, "KC-7")
    expect(invoice.locator("[id$='-amount-error']")).to_contain_text("»tusind«")
    audit(caseworker, "money refund amount unreadable")
    invoice.get_by_label("Beløb modtaget (kr.)").fill("1.000")
    invoice.locator("input[id^='refund-'][id$='-reference']").fill("Retur 12")
    invoice.get_by_role("button", name="Registrér tilbagebetaling").click()
    expect(caseworker.locator(".flash-success")).to_contain_text("1.000,00 kr.")
    expect(card(caseworker, "KC-7")).not_to_contain_text("Skal betales tilbage")

    # The journal for today: before the accounts are set up it says who sets them where.
    caseworker.goto("/bogfoering/kassekladde")
    caseworker.get_by_label("Fra betalingsdato").fill(TODAY.isoformat())
    caseworker.get_by_label("Til og med betalingsdato").fill(TODAY.isoformat())
    caseworker.get_by_role("button", name="Hent kassekladden").click()
    expect(caseworker.get_by_role("alert")).to_contain_text(
        "Bogføringskontiene er ikke sat op. En administrator angiver")
    audit(caseworker, "journal without accounts")

    # The administrator sets the two accounts on the organisation page: the same account
    # twice first.
    admin = open_page(DESK)
    admin.goto("/login")
    log_in(admin, "admin@domi.example")
    admin.goto("/admin/organisation")
    admin.get_by_label("Puljens udgiftskonto").fill("2750")
    admin.get_by_label("Bankkonto (modkonto)").fill("2750")
    admin.get_by_role("button", name="Gem kontiene").click()
    expect(admin.get_by_role("alert").first).to_contain_text(
        "Udgiftskontoen og bankkontoen skal være to forskellige konti.")
    audit(admin, "journal accounts the same")
    admin.get_by_label("Bankkonto (modkonto)").fill("5820")
    admin.get_by_role("button", name="Gem kontiene").click()
    expect(admin.locator(".flash-success")).to_have_text("Bogføringskontiene er gemt.")

    # Then the caseworker's journal: the payment out and the refund in, for this case.
    caseworker.get_by_label("Fra betalingsdato").fill(TODAY.isoformat())
    caseworker.get_by_label("Til og med betalingsdato").fill(TODAY.isoformat())
    with caseworker.expect_download() as download:
        caseworker.get_by_role("button", name="Hent kassekladden").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(text), delimiter=";")
            if CASE in " ".join(row.values())]
    assert sorted(row["Beløb"] for row in rows) == ["-1000,00", "8000,00"], rows
