"""The pool's purposes are its rule set's: the guideline's own texts reach an English reader in
English, an organisation's own wording as it was written; a file that cannot be kept is named in
the same round as every other error."""

from __future__ import annotations

import io
import json
from html import unescape

import pytest
from sqlmodel import select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, RuleSet
from tests.helpers.application_form import summary_links
from tests.helpers.resident_language import english, fresh_catalogues  # noqa: F401 (a fixture)
from tests.helpers.resident_pages import read, valid_form

OWN_PURPOSE = "samler beboere om haven"


def use_purposes(app, purposes: list[str]) -> None:
    with app.app_context(), transaction(sessions()) as session:
        for rule_set in session.exec(select(RuleSet)).all():
            rule_set.purposes_json = json.dumps(purposes, ensure_ascii=False)


@pytest.mark.usefixtures("fresh_catalogues")
def test_a_rule_sets_own_purpose_is_shown_as_written_beside_translated_standard_ones(app, client):
    use_purposes(app, ["går på tværs af afdelinger", OWN_PURPOSE])
    client.get("/?lang=en")
    for url in ("/", "/ansoeg"):
        page = unescape(english(client, url))
        assert "Brings together several housing departments" in page, url
        assert "går på tværs af afdelinger" not in page.lower(), url
        assert "Samler beboere om haven" in page, url
    refused = unescape(english(client, "/ansoeg", data=valid_form(across_departments="")))
    assert ("Tick at least one of the pool's purposes: »brings together several housing "
            f"departments«, »{OWN_PURPOSE}«.") in refused


@pytest.mark.usefixtures("fresh_catalogues")
def test_a_rule_set_asking_for_two_purposes_says_so_in_both_languages(app, client):
    use_purposes(app, ["går på tværs af afdelinger", "for en mindre gruppe"])
    with app.app_context(), transaction(sessions()) as session:
        for rule_set in session.exec(select(RuleSet)).all():
            rule_set.purposes_required = 2
    danish = unescape(client.post("/ansoeg", data=valid_form(small_group="")).get_data(
        as_text=True))
    assert ("Sæt kryds ved mindst 2 af puljens formål: »går på tværs af afdelinger«, "
            "»for en mindre gruppe«.") in danish
    client.get("/?lang=en")
    refused = unescape(english(client, "/ansoeg", data=valid_form(small_group="")))
    assert ("Tick at least 2 of the pool's purposes: »brings together several housing "
            "departments«, »is for a small group«.") in refused


def test_a_bad_file_is_named_with_every_other_error_at_once(app, client):
    before = read(app, lambda s: len(s.exec(select(Application)).all()))
    response = client.post("/ansoeg", data={
        **valid_form(applicant_name="", across_departments=""),
        "attachment": (io.BytesIO(b"GIF89a"), "billede.gif")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    for message in ("Skriv dit navn.", "Sæt kryds ved mindst ét af puljens formål",
                    "hverken en PDF, et JPEG- eller et PNG-billede"):
        assert message in page, message
    links = summary_links(page)
    assert links[0] == "applicant_name" and links[-1] == "attachment"
    assert read(app, lambda s: len(s.exec(select(Application)).all())) == before
