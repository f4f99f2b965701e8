"""The resident's quotes and photos: sent from the status page while the case is open, checked
by content, shown by name to the resident and as downloads to the organisation's staff."""

from __future__ import annotations

import io
from html import unescape

from sqlmodel import select

from pulje.models import Application, ResidentAttachment
from tests.helpers.caseworker_pages import CASEWORKER
from tests.helpers.resident_pages import read, token_of, valid_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def send(client, token, data: bytes, name: str):
    return client.post(f"/sag/{token}/bilag", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def reference_of(app) -> str:
    return read(app, lambda s: s.exec(select(Application.reference).join(
        ResidentAttachment, ResidentAttachment.application_id == Application.id)).one())


def stored(app) -> list[ResidentAttachment]:
    return read(app, lambda s: s.exec(select(ResidentAttachment)).all())


def test_a_quote_reaches_the_caseworker(app, client, login):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    assert "Tilbud og billeder" in unescape(client.get(f"/sag/{token}").get_data(as_text=True))
    response = send(client, token, PNG, "tilbud fra\u202e telt.png")
    assert response.status_code == 302
    page = unescape(client.get(f"/sag/{token}").get_data(as_text=True))
    assert "Filen er sendt med sagen" in page and "tilbud fra telt.png" in page
    [attachment] = stored(app)
    assert attachment.mimetype == "image/png" and attachment.file_path.endswith(".png")

    staff = app.test_client()
    assert staff.get(f"/sagsbehandling/bilag/{attachment.id}").status_code == 302  # log in first
    login(staff, CASEWORKER)
    case_page = unescape(staff.get(f"/sagsbehandling/sag/{reference_of(app)}").get_data(
        as_text=True))
    assert f"/sagsbehandling/bilag/{attachment.id}" in case_page
    with staff.get(f"/sagsbehandling/bilag/{attachment.id}") as download:
        assert download.status_code == 200 and download.data == PNG
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in download.headers["Content-Security-Policy"]
    board = app.test_client()
    login(board, "bent@domi.example")
    assert board.get(f"/sagsbehandling/bilag/{attachment.id}").status_code == 403


def test_a_file_is_judged_by_its_content(app, client):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    response = send(client, token, b"MZ\x90\x00 not a pdf", "tilbud.pdf")
    assert response.status_code == 422
    assert "hverken en PDF, et JPEG- eller et PNG-billede" in unescape(
        response.get_data(as_text=True))
    assert send(client, token, PDF, "").status_code == 422  # no file chosen
    assert stored(app) == []
    assert send(client, token, PDF, "tilbud").status_code == 302
    assert [a.file_name for a in stored(app)] == ["tilbud.pdf"]


def test_no_files_once_the_case_is_over(app, client):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    client.post(f"/sag/{token}/traek-tilbage", data={"reason": ""})
    response = send(client, token, PNG, "billede.png")
    assert response.status_code == 422
    assert "Sagen er afsluttet" in unescape(response.get_data(as_text=True))
    assert stored(app) == []


def test_a_quote_can_come_with_the_application(app, client):
    response = client.post("/ansoeg", data={**valid_form(), "attachment": (io.BytesIO(PDF),
                                                                           "tilbud.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert [a.file_name for a in stored(app)] == ["tilbud.pdf"]


def test_a_file_that_cannot_be_kept_stops_the_application_with_its_reason(app, client):
    before = read(app, lambda s: len(s.exec(select(Application)).all()))
    response = client.post("/ansoeg", data={**valid_form(), "attachment": (
        io.BytesIO(b"GIF89a"), "billede.gif")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "hverken en PDF, et JPEG- eller et PNG-billede" in unescape(
        response.get_data(as_text=True))
    assert read(app, lambda s: len(s.exec(select(Application)).all())) == before
    assert stored(app) == []
