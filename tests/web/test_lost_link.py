"""'Har du mistet linket?': the links of the address's open cases by mail, the same answer for
a known and an unknown address, and a limit on how often."""

from __future__ import annotations

from html import unescape

from sqlmodel import select

from pulje.models import Application, OutboxMail
from tests.helpers.resident_pages import read


def answer_text(response, email: str) -> str:
    """The page's answer, with the address typed taken out."""
    return unescape(response.get_data(as_text=True)).replace(email, "ADDRESS")


def link_mails(app) -> list[OutboxMail]:
    return read(app, lambda s: s.exec(select(OutboxMail).where(OutboxMail.kind == "links")).all())


def test_the_start_page_offers_it(client):
    page = unescape(client.get("/").get_data(as_text=True))
    assert "Har du mistet linket?" in page and 'action="/mistet-link"' in page


def test_a_known_address_gets_the_links_of_its_open_cases(app, client):
    # Sofie Andersen (demo) has one granted, open case; Kim Larsen's case is rejected (final).
    response = client.post("/mistet-link", data={"email": "Sofie@Beboer.example "})
    assert response.status_code == 200
    [mail] = link_mails(app)
    token = read(app, lambda s: s.exec(select(Application.public_token).where(
        Application.applicant_email == "sofie@beboer.example",
        Application.state == "approved")).one())
    assert mail.to == "sofie@beboer.example" and f"/sag/{token}" in mail.body
    assert client.post("/mistet-link", data={"email": "kim@beboer.example"}).status_code == 200
    assert len(link_mails(app)) == 1  # closed cases are not sent


def test_known_and_unknown_addresses_get_the_same_answer(app, client):
    known = client.post("/mistet-link", data={"email": "sofie@beboer.example"})
    unknown = client.post("/mistet-link", data={"email": "ukendt@beboer.example"})
    assert known.status_code == unknown.status_code == 200
    assert answer_text(known, "sofie@beboer.example") == answer_text(
        unknown, "ukendt@beboer.example")
    assert [m.to for m in link_mails(app)] == ["sofie@beboer.example"]


def test_a_bad_address_is_explained(app, client):
    response = client.post("/mistet-link", data={"email": "ikke en adresse"})
    assert response.status_code == 422
    assert "Skriv en gyldig e-mailadresse." in unescape(response.get_data(as_text=True))
    assert link_mails(app) == []


def test_one_address_cannot_be_flooded(app_factory):
    app = app_factory(RATELIMIT_LINKS="2 per hour")
    client = app.test_client()
    for _ in range(2):
        assert client.post("/mistet-link", data={"email": "sofie@beboer.example"}
                           ).status_code == 200
    assert client.post("/mistet-link", data={"email": "SOFIE@beboer.example"}
                       ).status_code == 429
    assert client.post("/mistet-link", data={"email": "ukendt@beboer.example"}
                       ).status_code == 200
    assert len(link_mails(app)) == 2
