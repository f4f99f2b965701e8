"""The caseworker's follow-up: an answer by phone, a rejection while waiting, internal notes
that never reach the resident, a partial grant's reason, and the mails in the case history."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from pypdf import PdfReader
from sqlmodel import select

from pulje.models import Application, OutboxAttachment, OutboxMail
from tests.helpers.caseworker_pages import CASEWORKER, new_case
from tests.helpers.resident_pages import read

NOTE = "Ringede til Karen: NOTE-7781 hun virker usikker på budgettet"


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def token_of(app, reference: str) -> str:
    return read(app, lambda s: s.exec(select(Application.public_token).where(
        Application.reference == reference)).one())


def asked(app, caseworker) -> tuple[str, str]:
    reference = new_case(app, requested=10_000_00)
    url = f"/sagsbehandling/sag/{reference}"
    caseworker.post(f"{url}/behandling")
    assert caseworker.post(f"{url}/spoergsmaal", data={
        "request_info-question": "Hvor mange deltager?"}).status_code == 302
    return reference, url


def test_an_answer_by_phone_is_recorded_and_marked(app, caseworker):
    reference, url = asked(app, caseworker)
    page = text(caseworker.get(url))
    assert "Svar modtaget pr. telefon eller brev" in page
    refused = caseworker.post(f"{url}/svar-modtaget", data={"answer-channel": "phone"})
    assert refused.status_code == 422
    response = caseworker.post(f"{url}/svar-modtaget", data={
        "answer-channel": "letter", "answer-text": "Vi bliver omkring 60."})
    assert response.status_code == 302
    page = text(caseworker.get(url))
    assert "Svar modtaget pr. brev: Vi bliver omkring 60." in page
    assert read(app, lambda s: s.exec(select(Application.state).where(
        Application.reference == reference)).one()) == "in_review"
    resident = text(app.test_client().get(f"/sag/{token_of(app, reference)}"))
    assert "Dit svar, givet pr. brev" in resident and "Vi bliver omkring 60." in resident


def test_a_case_waiting_for_an_answer_can_be_rejected(app, caseworker):
    reference, url = asked(app, caseworker)
    assert "Afslå ansøgningen" in text(caseworker.get(url))
    assert caseworker.post(f"{url}/afslag", data={
        "reject-reason": "Vi har ikke hørt fra dig i seks uger."}).status_code == 302
    mails = read(app, lambda s: s.exec(select(OutboxMail.kind).where(
        OutboxMail.to == "karen@beboer.example").order_by(OutboxMail.id)).all())
    assert mails == ["receipt", "question", "rejected"]


def test_the_case_page_and_the_residents_page_list_the_mails(app, caseworker):
    reference, url = asked(app, caseworker)
    page = text(caseworker.get(url))
    assert "Sendte mails" in page and "Spørgsmål til din ansøgning" in page
    assert "pulje@domi.example" in page  # the team's news of the new case
    resident = text(app.test_client().get(f"/sag/{token_of(app, reference)}"))
    assert "Mails vi har sendt dig" in resident
    assert "Spørgsmål fra sagsbehandleren" in resident and "Kvittering for ansøgningen" in resident
    assert "pulje@domi.example" not in resident.split("Mails vi har sendt dig")[1].split(
        "</section>")[0]


def test_a_note_is_for_staff_only(app, caseworker):
    reference, url = asked(app, caseworker)
    assert caseworker.post(f"{url}/note", data={"note-body": " "}).status_code == 422
    assert caseworker.post(f"{url}/note", data={"note-body": NOTE}).status_code == 302
    assert NOTE in text(caseworker.get(url))
    assert NOTE in pdf_text(caseworker.get(f"{url}/sagsoversigt.pdf").data)

    # The case goes on: an answer, a partial grant with a reason, a letter; then the resident
    # walks every page and PDF of theirs, and every mail and attachment is read.
    token = token_of(app, reference)
    resident = app.test_client()
    resident.post(f"/sag/{token}/svar", data={"text": "Vi bliver 60."})
    assert caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "8.000", "approve-reason": "Musikken dækkes ikke af puljen."}
        ).status_code == 302
    pages = [f"/sag/{token}", f"/sag/{token}/kvittering", f"/sag/{token}/traek-tilbage",
             "/", "/ansoeg"]
    for path in pages:
        response = resident.get(path)
        assert response.status_code == 200, path
        assert "NOTE-7781" not in text(response), path
    status = text(resident.get(f"/sag/{token}"))
    assert "Musikken dækkes ikke af puljen." in status  # the partial grant's reason
    letter = resident.get(f"/sag/{token}/tilsagn.pdf")
    assert letter.status_code == 200 and "NOTE-7781" not in pdf_text(letter.data)
    assert "Musikken dækkes ikke af puljen." in pdf_text(letter.data)
    bodies = read(app, lambda s: s.exec(select(OutboxMail.body)).all())
    assert bodies and not [b for b in bodies if "NOTE-7781" in b]
    attachments = read(app, lambda s: s.exec(select(OutboxAttachment.content)).all())
    assert attachments and not [a for a in attachments if "NOTE-7781" in pdf_text(a)]
    assert re.search(r"Musikken dækkes ikke af puljen", pdf_text(attachments[-1]))


def test_the_queue_marks_a_new_answer_and_filters_on_it(app, caseworker):
    reference, url = asked(app, caseworker)
    assert reference not in text(caseworker.get("/sagsbehandling/?marker=nyt-svar"))
    app.test_client().post(f"/sag/{token_of(app, reference)}/svar", data={"text": "60 stk."})
    page = text(caseworker.get("/sagsbehandling/?marker=nyt-svar"))
    assert reference in page and '<span class="cw-marker">Nyt svar</span>' in page
    assert "Kræver opmærksomhed" in page
    # The team was told by mail too.
    [mail] = read(app, lambda s: s.exec(select(OutboxMail).where(
        OutboxMail.kind == "answered")).all())
    assert mail.to == "pulje@domi.example" and "60 stk." in mail.body


def test_the_caseworker_downloads_the_payments_export(app, caseworker, login):
    from datetime import date

    year = date.today().year
    page = text(caseworker.get("/sagsbehandling/"))
    assert f"/sagsbehandling/betalinger/{year}.csv" in page
    csv = caseworker.get(f"/sagsbehandling/betalinger/{year}.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    board = app.test_client()
    login(board, "bent@domi.example")
    assert csv.data == board.get(f"/bestyrelse/{year}/betalinger.csv").data  # the same file
    assert caseworker.get(f"/sagsbehandling/betalinger/{year}.xlsx").status_code == 200
    assert app.test_client().get(f"/sagsbehandling/betalinger/{year}.csv").status_code == 302


def test_a_possible_duplicate_is_marked_and_judged(app, caseworker):
    first = new_case(app, requested=12_000_00)
    twin = new_case(app, requested=12_000_00)
    page = text(caseworker.get(f"/sagsbehandling/sag/{twin}"))
    assert f"Mulig dublet af {first}" in page
    queue = text(caseworker.get("/sagsbehandling/?q=" + twin))
    assert f"Mulig dublet af {first}" in queue
    url = f"/sagsbehandling/sag/{twin}"
    assert caseworker.post(f"{url}/dublet", data={"duplicate-other": first}).status_code == 422
    assert caseworker.post(f"{url}/dublet", data={
        "duplicate-other": first, "duplicate-same_project": "ja"}).status_code == 302
    page = text(caseworker.get(url))
    assert "Samme projekt: puljens loft gælder de to sager tilsammen." in page
    # First gets 12.000; the same project may then have at most 8.000 more (cap 20.000).
    caseworker.post(f"/sagsbehandling/sag/{first}/behandling")
    assert caseworker.post(f"/sagsbehandling/sag/{first}/bevilling",
                           data={"approve-amount": "12.000"}).status_code == 302
    caseworker.post(f"{url}/behandling")
    refused = caseworker.post(f"{url}/bevilling", data={"approve-amount": "12.000"})
    assert refused.status_code == 422
    assert f"Projektet har allerede fået 12.000,00\xa0kr. på sag {first}" in text(refused)
    # Judged as two projects, the queue no longer warns.
    caseworker.post(f"{url}/dublet", data={"duplicate-other": first,
                                          "duplicate-same_project": "nej"})
    assert "Mulig dublet" not in text(caseworker.get("/sagsbehandling/?q=" + twin))
