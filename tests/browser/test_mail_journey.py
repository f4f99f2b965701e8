"""Nobody waits in silence, in a real browser: the resident is asked a question by mail, follows
the link in it, answers and attaches a quote; the caseworker sees *nyt svar* in the queue and
decides; the approval reaches the resident by mail with the letter attached.

The mails are read from the live server's outbox (the database the server writes).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from pulje.engine import make_engine
from pulje.models import OutboxAttachment, OutboxMail
from tests.browser.harness import DESK, PHONE, TODAY
from tests.helpers.browser_steps import log_in

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

RESIDENT = "lise.mail@beboer.example"
QUOTE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def outbox(database_url: str, to: str) -> list[tuple[str, str, str, int]]:
    """(kind, subject, body, number of attachments) of every mail to ``to``, oldest first."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            mails = session.exec(select(OutboxMail).where(OutboxMail.to == to)
                                 .order_by(OutboxMail.id)).all()
            return [(m.kind, m.subject, m.body, len(session.exec(select(OutboxAttachment).where(
                OutboxAttachment.mail_id == m.id)).all())) for m in mails]
    finally:
        engine.dispose()


def test_the_question_by_mail_the_answer_with_a_quote_and_the_decision(
        open_page, audit, server, database_url):
    start = TODAY + timedelta(days=20)
    resident = open_page(PHONE)
    resident.goto("/ansoeg")
    resident.get_by_label("Dit navn").fill("Lise Mail")
    resident.get_by_label("Din afdeling").select_option("3")
    resident.get_by_label("E-mail", exact=True).fill(RESIDENT)
    resident.get_by_label("Aktivitetens navn").fill("Strikkecafé i fælleshuset")
    resident.get_by_label("Formål og aktivitet").fill("Vi strikker sammen hver torsdag.")
    resident.get_by_label("Forventet antal deltagere").fill("12")
    resident.get_by_label("Fra dato").fill(start.isoformat())
    resident.get_by_label("Til dato").fill(start.isoformat())
    resident.get_by_label("For en mindre gruppe").check()
    resident.get_by_label("Udgift 1", exact=True).fill("Garn")
    resident.locator("#budget-0-amount").fill("1.200")
    resident.get_by_role("button", name="Send ansøgning").click()
    reference = resident.locator(".reference").inner_text().strip()
    assert [m[0] for m in outbox(database_url, RESIDENT)] == ["receipt"]

    caseworker = open_page(DESK)
    caseworker.goto("/login")
    log_in(caseworker, "mette@domi.example")
    caseworker.goto(f"/sagsbehandling/sag/{reference}")
    caseworker.get_by_role("button", name="Påbegynd behandling").click()
    caseworker.get_by_label("Spørgsmål til ansøgeren").fill("Hvor meget garn skal I bruge?")
    caseworker.get_by_role("button", name="Send spørgsmål").click()
    expect(caseworker.locator(".cw-status-line .badge")).to_have_text("afventer oplysninger")

    # The question arrives by mail; the resident follows its link.
    kind, subject, body, _ = outbox(database_url, RESIDENT)[-1]
    assert kind == "question" and reference in subject
    assert "Hvor meget garn skal I bruge?" in body
    link = re.search(r"https?://\S+/sag/[A-Za-z0-9_-]+", body).group(0)
    assert link.startswith(server)
    resident.goto(link)
    expect(resident.get_by_text("Hvor meget garn skal I bruge?")).to_be_visible()
    resident.get_by_label("Dit svar").fill("Cirka 40 nøgler.")
    resident.get_by_role("button", name="Send svar").click()
    expect(resident.locator(".flash-success")).to_contain_text("Tak for dit svar.")
    resident.get_by_label("Tilbud eller billede").set_input_files(
        files=[{"name": "tilbud-garn.pdf", "mimeType": "application/pdf", "buffer": QUOTE}])
    resident.get_by_role("button", name="Send filen").click()
    expect(resident.locator(".flash-success")).to_contain_text("Filen er sendt med sagen")
    expect(resident.locator(".file-list")).to_contain_text("tilbud-garn.pdf")
    expect(resident.locator(".mail-history")).to_contain_text("Spørgsmål fra sagsbehandleren")
    audit(resident, "status answered with a quote")

    # The caseworker finds the answer by the queue's marker, sees the quote and decides.
    caseworker.goto("/sagsbehandling/")
    caseworker.get_by_label("Kræver opmærksomhed").select_option("nyt-svar")
    caseworker.get_by_role("button", name="Vis").click()
    row = caseworker.locator("tr", has_text=reference)
    expect(row.locator(".cw-marker")).to_contain_text("Nyt svar")
    audit(caseworker, "queue new answer")
    row.get_by_role("link", name=reference).click()
    expect(caseworker.get_by_role("link", name="tilbud-garn.pdf")).to_be_visible()
    caseworker.get_by_role("button", name="Bevilg beløbet").click()
    expect(caseworker.locator(".flash-success")).to_contain_text("Sagen er bevilget")
    audit(caseworker, "case approved after the answer")

    kind, subject, body, attachments = outbox(database_url, RESIDENT)[-1]
    assert kind == "approved" and "1.200,00" in subject and attachments == 1
    assert "senest" in body and link in body
