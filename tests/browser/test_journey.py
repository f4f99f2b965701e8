"""One case from the application to the payment, in a real browser, by everyone involved.

The resident applies on a phone (360 px) and follows the case through the private link; the
caseworker works at a desk (1280 px): asks a question, approves, registers and pays the
supplier's invoice; the board member reads the dashboard and fetches the yearly report. A
wrong input at each step shows its Danish message in the page, and every page and every
form's empty and error state passes the accessibility audit.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import DESK, PHONE, TODAY
from tests.helpers.browser_steps import fill_application, log_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect


def test_application_to_payment(open_page, audit, server, inbox):
    # The resident, on a phone: the start page, then the form empty and refused.
    resident = open_page(PHONE)
    resident.goto("/")
    audit(resident, "start")
    resident.get_by_role("link", name="Søg om støtte").first.click()
    expect(resident.get_by_role("heading", name="Søg om støtte", level=1)).to_be_visible()
    audit(resident, "apply empty")

    resident.get_by_role("button", name="Send ansøgning").click()
    summary = resident.locator("#error-summary")
    expect(summary).to_contain_text("Skriv dit navn.")
    expect(summary).to_contain_text("Vælg din afdeling.")
    audit(resident, "apply every field missing")

    # Filled in except the name; a second budget line is added (the page keeps what was typed).
    fill_application(resident, name="")
    resident.get_by_role("button", name="+ Tilføj linje").click()
    expect(resident.get_by_label("Udgift 2", exact=True)).to_be_visible()
    expect(resident.get_by_label("Aktivitetens navn")).to_have_value(
        "Fællesspisning i beboerhuset")
    resident.get_by_label("Udgift 2", exact=True).fill("Leje af service")
    resident.locator("#budget-1-amount").fill("1.000,50")
    expect(resident.locator("#budget-total")).to_have_text("4.500,50 kr.")
    resident.get_by_role("button", name="Send ansøgning").click()
    expect(resident.locator("#applicant_name-error")).to_have_text("Skriv dit navn.")
    expect(summary.get_by_role("link")).to_have_text(["Skriv dit navn."])
    audit(resident, "apply name missing")

    resident.get_by_label("Dit navn").fill("Karen Jensen")
    resident.get_by_role("button", name="Send ansøgning").click()
    expect(resident.get_by_role("heading", name="Tak — vi har fået din ansøgning")).to_be_visible()
    reference = resident.locator(".reference").inner_text().strip()
    assert re.fullmatch(rf"{TODAY.year}-\d{{4}}", reference)
    link = resident.locator("a.private-link").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server)}/sag/[A-Za-z0-9_-]{{20,}}", link)
    audit(resident, "receipt")
    # gunicorn's mail worker has sent the receipt, with the same link, over SMTP.
    receipt = inbox.wait_for(lambda message: reference in message["Subject"])
    assert receipt["To"] == "karen@beboer.example" and link in receipt.get_content()

    resident.get_by_role("link", name="Gå til din sag").click()
    expect(resident).to_have_url(link)
    expect(resident.locator(".status-head .badge")).to_have_text("Modtaget")
    audit(resident, "status submitted")

    # The caseworker, at a desk: a wrong password first.
    caseworker = open_page(DESK)
    caseworker.goto("/login")
    audit(caseworker, "login empty")
    log_in(caseworker, "mette@domi.example", "forkert-kode")
    expect(caseworker.get_by_role("alert")).to_have_text("Forkert e-mail eller adgangskode.")
    audit(caseworker, "login wrong password")
    log_in(caseworker, "mette@domi.example")
    expect(caseworker.get_by_role("heading", name="Sager", level=1)).to_be_visible()
    audit(caseworker, "queue")

    caseworker.get_by_role("link", name=reference).click()
    expect(caseworker.get_by_role("heading", name="Fællesspisning i beboerhuset")).to_be_visible()
    audit(caseworker, "case submitted")
    caseworker.get_by_role("button", name="Påbegynd behandling").click()
    expect(caseworker.locator(".flash-success")).to_have_text("Sagen er nu under behandling.")
    audit(caseworker, "case in review")

    caseworker.get_by_role("button", name="Send spørgsmål").click()
    expect(caseworker.locator(".flash-error")).to_contain_text("Handlingen er ikke udført.")
    expect(caseworker.locator("#request_info-question-error")).to_have_text(
        "Feltet skal udfyldes.")
    audit(caseworker, "case question missing")
    caseworker.get_by_label("Spørgsmål til ansøgeren").fill("Hvem står for indkøbet?")
    caseworker.get_by_role("button", name="Send spørgsmål").click()
    expect(caseworker.locator(".cw-status-line .badge")).to_have_text("afventer oplysninger")
    audit(caseworker, "case awaiting answer")

    # The resident answers through the private link: empty first.
    resident.goto(link)
    expect(resident.get_by_text("Hvem står for indkøbet?")).to_be_visible()
    audit(resident, "status question")
    resident.get_by_role("button", name="Send svar").click()
    expect(resident.locator("#text-error")).to_have_text("Skriv dit svar.")
    audit(resident, "status answer missing")
    resident.get_by_label("Dit svar").fill("Festudvalget handler ind.")
    resident.get_by_role("button", name="Send svar").click()
    expect(resident.locator(".flash-success")).to_contain_text("Tak for dit svar.")
    expect(resident.locator(".status-head .badge")).to_have_text("Under behandling")
    audit(resident, "status answered")

    # The caseworker approves: an amount that cannot be read first.
    caseworker.reload()
    expect(caseworker.locator(".cw-history")).to_contain_text("Festudvalget handler ind.")
    amount = caseworker.get_by_label("Beløb der bevilges (kr.)")
    expect(amount).to_have_value("4.500,50")
    amount.fill("fire tusind")
    caseworker.get_by_role("button", name="Bevilg beløbet").click()
    expect(caseworker.locator("#approve-amount-error")).to_contain_text(
        "»fire tusind« er ikke et beløb.")
    expect(amount).to_have_value("fire tusind")
    audit(caseworker, "case amount unreadable")
    amount.fill("4.000")
    caseworker.get_by_label("Begrundelse (ansøgeren læser den; skal med", exact=False).fill(
        "Leje af service dækkes ikke.")
    caseworker.get_by_role("button", name="Bevilg beløbet").click()
    expect(caseworker.locator(".flash-success")).to_contain_text(
        "Sagen er bevilget med 4.000,00 kr")
    audit(caseworker, "case approved")

    # The supplier's invoice: nothing typed, then as written on it.
    caseworker.get_by_role("button", name="Registrér faktura").click()
    expect(caseworker.locator("#invoice-supplier_name-error")).to_have_text(
        "Feltet skal udfyldes.")
    audit(caseworker, "case invoice missing")
    caseworker.get_by_label("Leverandør", exact=True).fill("Odder Catering ApS")
    caseworker.get_by_label("Fakturanummer").fill("OC-118")
    caseworker.get_by_label("Fakturadato").fill(TODAY.isoformat())
    caseworker.get_by_label("Køber som skrevet på fakturaen").fill("DOMI Bolig")
    caseworker.get_by_label("Købers CVR på fakturaen").fill("30000005")
    caseworker.get_by_label("Beløb inkl. moms (kr.)").fill("3.750")
    caseworker.get_by_role("button", name="Registrér faktura").click()
    expect(caseworker.locator(".flash-success")).to_have_text(
        "Faktura nr. OC-118 på 3.750,00 kr. er registreret.")
    caseworker.get_by_role("button", name="Godkend til betaling").click()
    expect(caseworker.locator(".flash-success")).to_have_text(
        "Fakturaen er godkendt til betaling.")
    audit(caseworker, "case invoice accepted")

    # The payment: the date cleared first.
    paid_on = caseworker.get_by_label("Betalt den")
    expect(paid_on).to_have_value(TODAY.isoformat())
    paid_on.fill("")
    pay = caseworker.get_by_role("button", name="Registrér betaling af 3.750,00 kr.")
    pay.click()
    expect(caseworker.locator("[id$='-paid_on-error']")).to_have_text(
        "Skriv en dato som dd.mm.åååå eller vælg den i kalenderen.")
    audit(caseworker, "case payment date missing")
    paid_on.fill(TODAY.isoformat())
    caseworker.get_by_label("Betalingsreference").fill("Bank 991")
    pay.click()
    expect(caseworker.locator(".cw-payments")).to_contain_text("Betalt 3.750,00 kr.")
    expect(caseworker.locator(".cw-payments")).to_contain_text("Bank 991")
    audit(caseworker, "case paid")

    # The board member: the dashboard lists the grant; the yearly report is a PDF.
    board = open_page(DESK)
    board.goto("/bestyrelse/")
    expect(board).to_have_url(re.compile(r"/login"))
    log_in(board, "bent@domi.example")
    expect(board.get_by_role("heading", name=f"Puljen {TODAY.year}", level=1)).to_be_visible()
    # The grant in the year's list of grants (the open grants' table names the case too).
    grants = board.get_by_role("region", name=f"Tabel over bevillinger {TODAY.year}")
    expect(grants.get_by_role("row").filter(has_text=reference)).to_contain_text("4.000,00 kr.")
    audit(board, "board dashboard")
    report = board.get_by_role("link", name=f"Årsrapport {TODAY.year} (PDF)")
    response = board.request.get(report.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    # Back on the phone: the payment to the supplier is on the resident's page.
    resident.goto(link)
    expect(resident.locator(".status-head .badge")).to_have_text("Bevilget")
    payments = resident.get_by_role("region", name="Betalinger", exact=True)
    expect(payments).to_contain_text("Odder Catering ApS (faktura OC-118)")
    expect(payments).to_contain_text("3.750,00 kr.")
    audit(resident, "status paid")
