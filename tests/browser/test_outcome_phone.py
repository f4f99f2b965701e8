"""The short report after the activity on a phone, by keyboard alone: the resident follows the
private link, types how many took part, ticks departments, writes a few words, answers "again?",
picks a photo, gives consent and sends; the inspiration catalogue then shows the activity with
its participants and the photo."""

from __future__ import annotations

import pytest
from sqlalchemy import exists
from sqlmodel import Session, select

from pulje.engine import make_engine
from pulje.models import Application, OutcomePhoto, OutcomeReport, utcnow
from tests.browser.harness import PHONE
from tests.helpers.browser_steps import FOCUSED, tab_to
from tests.helpers.outcome_cases import RECENTLY
from tests.outcomes.photos import jpeg_with_location

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def case_without_report(database_url: str) -> tuple[str, int, str]:
    """A closed demo case that nobody has reported on: its private link, id and public title.

    Its closing is moved to a few weeks ago: the demo's cases closed in the earlier year, longer
    ago than a private link lives (pulje.services.link_expiry).
    """
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            application = session.exec(select(Application).where(
                Application.state == "closed", Application.public_title.is_not(None),
                ~exists().where(OutcomeReport.application_id == Application.id))
                .order_by(Application.id)).first()
            application.ended_at = utcnow() - RECENTLY
            session.add(application)
            session.commit()
            return application.public_token, application.id, application.public_title
    finally:
        engine.dispose()


def stored_report(database_url: str, application_id: int) -> tuple[OutcomeReport, int]:
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            report = session.exec(select(OutcomeReport).where(
                OutcomeReport.application_id == application_id)).one()
            photos = len(session.exec(select(OutcomePhoto.id).where(
                OutcomePhoto.report_id == report.id)).all())
            session.expunge(report)
            return report, photos
    finally:
        engine.dispose()


def test_the_short_report_by_keyboard_on_a_phone_reaches_the_catalogue(
        open_page, audit, database_url, tmp_path):
    token, application_id, public_title = case_without_report(database_url)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_location(800, 600))

    page = open_page(PHONE)
    # Playwright takes over the system's file picker once a listener exists; registering one
    # now, not at the key press, keeps the press from reaching Chromium before that (CI once
    # waited 10 s for a picker the press had already opened for nobody).
    chosen: list = []
    page.on("filechooser", lambda chooser: chosen.append(chooser))
    page.goto(f"/sag/{token}")
    expect(page.get_by_role("link", name="Giv en kort afrapportering")).to_be_visible()
    page.goto(f"/sag/{token}/afrapportering")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hvordan gik")
    assert page.evaluate(OVERFLOW) <= 0, "the form is wider than a 360 px phone"
    audit(page, "short report form")

    # The skip link first; Enter on it lands in the page's content.
    assert tab_to(page, "Gå direkte til indholdet", limit=1)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "main"
    tab_to(page, "participants")
    page.keyboard.type("42")
    tab_to(page, "departments-0", limit=1)
    page.keyboard.press("Space")
    tab_to(page, "departments-1", limit=1)
    page.keyboard.press("Space")
    expect(page.locator("#departments-0")).to_be_checked()
    expect(page.locator("#departments-1")).to_be_checked()
    tab_to(page, "story")
    page.keyboard.type("Vi var mange fra begge afdelinger, og børnene valgte musikken.")
    tab_to(page, "again-0", limit=1)
    page.keyboard.press("Space")
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    tab_to(page, "photos")
    # The file picker opens from the keyboard; the test answers the picker the system shows.
    page.keyboard.press("Space")
    for _ in range(100):  # the sync API hands events over while it waits
        if chosen:
            break
        page.wait_for_timeout(100)
    assert chosen, "Space on the photo field opened no file picker"
    chosen[0].set_files(str(photo))
    tab_to(page, "photo_consent", limit=1)
    page.keyboard.press("Space")
    expect(page.locator("#photo_consent")).to_be_checked()
    tab_to(page, "Send afrapporteringen")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Tak! Din afrapportering er gemt.")).to_be_visible()
    expect(page.locator("#afrapportering")).to_contain_text("Tak for afrapporteringen: 42 deltog.")
    assert page.evaluate(OVERFLOW) <= 0
    audit(page, "status page after the short report")
    report, photos = stored_report(database_url, application_id)
    assert (report.participants, report.again, report.photo_consent, photos) == (42, True, True, 1)
    assert report.story.startswith("Vi var mange fra begge afdelinger")

    # A neighbour browsing the catalogue finds the activity, its participants and the photo.
    neighbour = open_page(PHONE)
    neighbour.goto("/")
    neighbour.get_by_role("link", name="Se hvad andre har lavet").click()
    entry = neighbour.locator(f"#aktivitet-{application_id}")
    expect(entry.get_by_role("heading", name=public_title)).to_be_visible()
    expect(entry).to_contain_text("42")
    image = entry.get_by_role("img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("e => e.naturalWidth") > 0, "the catalogue's photo did not load"
    assert "Vi var mange" not in neighbour.content(), "the resident's own words are not shown"
    assert neighbour.evaluate(OVERFLOW) <= 0
    audit(neighbour, "inspiration catalogue with the report")
