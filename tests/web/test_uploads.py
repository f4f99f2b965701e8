"""Uploaded invoice files: checked by content, stored under a random name outside static/,
served only to the caseworkers of the invoice's organisation, always as a download."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from sqlmodel import func, select

from pulje.db import sessions
from pulje.demo import DEMO_PASSWORD
from pulje.engine import transaction
from pulje.models import Application, Invoice, Organisation
from pulje.services.users import create_user
from pulje.uploads import clean_file_name, upload_folder
from tests.einvoice.helpers import fixture
from tests.helpers.caseworker_pages import CASEWORKER, PDF, invoice_fields, new_case, read


@pytest.fixture
def granted(app, client, login):
    """A caseworker's client and the URL of a case granted 10.000 kr."""
    login(client, CASEWORKER)
    url = f"/sagsbehandling/sag/{new_case(app, requested=10_000_00)}"
    client.post(f"{url}/behandling")
    assert client.post(f"{url}/bevilling", data={"approve-amount": "10.000"}).status_code == 302
    return client, url


def stored_files(app) -> list[str]:
    with app.app_context():
        folder = upload_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def invoices(app) -> int:
    return read(app, lambda s, _org: s.exec(select(func.count()).select_from(Invoice)).one())


def last_invoice(app) -> Invoice:
    return read(app, lambda s, _org: s.exec(select(Invoice).order_by(Invoice.id.desc())).first())


def upload(client, url, data: bytes, name: str):
    return client.post(f"{url}/faktura", data={**invoice_fields(),
                                               "invoice-file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_a_pdf_is_stored_under_a_random_name_and_served_as_a_download(app, granted):
    client, url = granted
    hostile_name = "../../static/fak\u202etura\x07<script>.pdf"
    assert upload(client, url, PDF, hostile_name).status_code == 302
    invoice = last_invoice(app)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", invoice.file_path)
    assert stored_files(app) == [invoice.file_path]
    assert "\u202e" not in invoice.file_name and "/" not in invoice.file_name
    response = client.get(f"/sagsbehandling/faktura/{invoice.id}/fil")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\u202e" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]
    response.close()


@pytest.mark.parametrize(("data", "name"), [
    (b"<html><script>alert(1)</script></html>", "faktura.pdf"),
    (b"MZ\x90\x00 not a pdf", "faktura.pdf"),
    (b"", "tom.pdf"),
])
def test_what_is_not_a_pdf_is_refused_and_nothing_is_kept(app, granted, data, name):
    client, url = granted
    before = invoices(app)
    response = upload(client, url, data, name)
    assert response.status_code == 422
    assert "Filen er ikke en PDF" in unescape(response.get_data(as_text=True))
    assert invoices(app) == before and stored_files(app) == []


def test_an_e_invoice_must_start_like_xml(app, granted):
    client, url = granted
    response = client.post(f"{url}/e-faktura", data={
        "einvoice-file": (io.BytesIO(PDF), "faktura.xml")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Filen er ikke en XML-fil" in unescape(response.get_data(as_text=True))
    assert stored_files(app) == []
    xml = fixture("peppol/dk-domi-festudlejning.xml")
    assert client.post(f"{url}/e-faktura", data={
        "einvoice-file": (io.BytesIO(b"\xef\xbb\xbf" + xml), "e\u202eefaktura.xml")},
        content_type="multipart/form-data").status_code == 302
    invoice = last_invoice(app)
    served = client.get(f"/sagsbehandling/faktura/{invoice.id}/fil")
    assert served.mimetype == "application/xml"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert invoice.file_name == "eefaktura.xml"
    served.close()


def test_too_large_an_upload_is_refused_in_danish(app_factory, login):
    app = app_factory(MAX_CONTENT_LENGTH=2000)
    client = app.test_client()
    login(client, CASEWORKER)
    url = f"/sagsbehandling/sag/{new_case(app, requested=10_000_00)}"
    client.post(f"{url}/behandling")
    client.post(f"{url}/bevilling", data={"approve-amount": "10.000"})
    before = invoices(app)
    response = upload(client, url, PDF + b"0" * 3000, "stor.pdf")
    assert response.status_code == 413
    assert "højst være 10 MB" in unescape(response.get_data(as_text=True))
    assert invoices(app) == before and stored_files(app) == []


def test_only_the_invoice_s_own_organisation_gets_the_file(app, granted, login):
    client, url = granted
    upload(client, url, PDF, "faktura.pdf")
    file_url = f"/sagsbehandling/faktura/{last_invoice(app).id}/fil"
    with app.app_context(), transaction(sessions()) as session:
        other = Organisation(name="Anden Bolig", legal_name="Anden Bolig", cvr="12345674",
                             address="Vej 1, 8000 Aarhus")
        session.add(other)
        session.flush()
        create_user(session, organisation_id=other.id, email="ole@anden.example",
                    name="Ole Anden", role="caseworker", password=DEMO_PASSWORD)
    stranger = app.test_client()
    login(stranger, "ole@anden.example")
    assert stranger.get(file_url).status_code == 404
    board = app.test_client()
    login(board, "bent@domi.example")
    assert board.get(file_url).status_code == 403
    anonymous = app.test_client().get(file_url)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/login")


def test_the_resident_sees_no_invoice_files(app, granted):
    client, url = granted
    upload(client, url, PDF, "faktura.pdf")
    token = read(app, lambda s, _org: s.exec(select(Application.public_token).where(
        Application.reference == url.rsplit("/", 1)[1])).one())
    page = app.test_client().get(f"/sag/{token}").get_data(as_text=True)
    assert "/fil" not in page and "faktura.pdf" not in page


def test_an_upload_folder_inside_static_is_refused(app_factory):
    app = app_factory()
    app.config["UPLOAD_FOLDER"] = app.static_folder + "/uploads"
    with app.app_context(), pytest.raises(RuntimeError, match="static"):
        upload_folder()


@pytest.mark.parametrize(("name", "expected"), [
    ("faktura.pdf", "faktura.pdf"),
    ("C:\\Users\\x\\faktura.pdf", "faktura.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("fak\u202etura\x00.exe", "faktura.exe.pdf"),
    ("", "faktura.pdf"),
    ("...", "faktura.pdf"),
    ("Æbleskiver jul.PDF", "Æbleskiver jul.PDF"),
])
def test_clean_file_name(name, expected):
    assert clean_file_name(name, ".pdf", "faktura") == expected
