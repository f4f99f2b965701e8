"""At approval the caseworker gets an editable public title and description for open data,
suggested from the case's non-personal facts, and is warned about personal data in them."""

from __future__ import annotations

from html import unescape

import pytest
from sqlmodel import select

from pulje.models import Application
from tests.helpers.caseworker_pages import CASEWORKER, field_value, new_case, read


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


def public_text(app, reference: str) -> tuple[str | None, str | None]:
    return read(app, lambda s, _org: s.exec(
        select(Application.public_title, Application.public_description)
        .where(Application.reference == reference)).one())


def reviewed(app, caseworker) -> tuple[str, str]:
    reference = new_case(app, requested=5_000_00, title="Karens fødselsdag")
    url = f"/sagsbehandling/sag/{reference}"
    assert caseworker.post(f"{url}/behandling").status_code == 302
    return reference, url


def test_the_suggestion_is_shown_and_accepted_as_it_stands(app, caseworker):
    reference, url = reviewed(app, caseworker)
    html = unescape(caseworker.get(url).get_data(as_text=True))
    suggested = field_value(html, "approve-public_title")
    assert suggested == "Fællesskabsaktivitet i afdeling 1 Søvangen"
    assert "Karen" not in suggested
    assert "Den offentlige titel og beskrivelse udgives som åbne data" in html
    response = caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "5.000", "approve-public_title": suggested,
        "approve-public_description": ""})
    assert response.status_code == 302
    title, description = public_text(app, reference)
    assert title == suggested and description.startswith("Tilskud fra fællesskabspuljen")


def test_personal_data_in_the_public_text_is_warned_about(app, caseworker):
    reference, url = reviewed(app, caseworker)
    response = caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "5.000", "approve-public_title": "Fødselsdag for Karen Jensen",
        "approve-public_description": "Ring til 20 30 40 50."}, follow_redirects=True)
    html = unescape(response.get_data(as_text=True))
    assert "Sagen er bevilget med 5.000,00" in html
    assert "Tjek den offentlige tekst: Teksten indeholder ansøgerens navn (»Karen Jensen«)." in html
    assert "telefonnummer" in html
    assert public_text(app, reference)[0] == "Fødselsdag for Karen Jensen"


def test_a_too_long_public_title_is_refused_and_nothing_changes(app, caseworker):
    reference, url = reviewed(app, caseworker)
    response = caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "5.000", "approve-public_title": "x" * 201})
    assert response.status_code == 422
    assert "200" in unescape(response.get_data(as_text=True))
    assert public_text(app, reference) == (None, None)


def test_the_board_sees_the_warnings_before_downloading_open_data(app, caseworker, login):
    reference, url = reviewed(app, caseworker)
    caseworker.post(f"{url}/bevilling", data={
        "approve-amount": "5.000", "approve-public_title": "Fødselsdag for Karen Jensen",
        "approve-public_description": ""})
    board = app.test_client()
    login(board, "bent@domi.example")
    html = unescape(board.get(f"/bestyrelse/?year={reference[:4]}").get_data(as_text=True))
    assert "Tjek de åbne data før udgivelse" in html
    assert f"Sag {reference}: Teksten indeholder ansøgerens navn (»Karen Jensen«)." in html
