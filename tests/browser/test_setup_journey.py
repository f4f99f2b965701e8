"""A new housing organisation set up in the browser: from the administrator's invitation link
to an open pool whose purposes the residents' form offers. Every page is audited (axe-core and
screenshots at 360 and 1280 px), refused forms included."""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from pulje import create_app
from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import upgrade
from pulje.models import utcnow
from pulje.services.organisations import OrganisationInput, create_organisation
from tests.browser.harness import PHONE, TODAY, ScriptErrors

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
expect = sync_api.expect

CVR = "10000009"
PASSWORD = "vest for sol og måne"


@pytest.fixture(scope="module")
def bo_vest(browser, tmp_path_factory):
    """A server with nothing but a new organisation and the path of its invitation link."""
    links: list[str] = []

    def fill(session):
        create_organisation(session, OrganisationInput(name="Bo Vest", cvr=CVR),
                            admin_email="anna@bovest.example", admin_name="Anna Holm",
                            now=utcnow(), link_for=lambda token: links.append(
                                f"/invitation/{token}") or links[-1])

    folder = tmp_path_factory.mktemp("bo-vest")
    url = f"sqlite:///{folder / 'pulje.sqlite'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(session_factory(engine)) as session:
            fill(session)
    finally:
        engine.dispose()
    # An in-process server on plain HTTP is enough here: the production path (gunicorn, TLS)
    # is what the other journeys check.
    app = create_app({"SECRET_KEY": "browser-test-secret", "DATABASE_URL": url,
                      "ORGANISATION_CVR": CVR, "INSECURE_COOKIES": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="pulje-setup-server")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", links[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["pulje.engine"].dispose()


@pytest.fixture
def page(browser, bo_vest):
    context = browser.new_context(base_url=bo_vest[0], viewport={"width": PHONE, "height": 900},
                                  locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = ScriptErrors(page)
    yield page
    context.close()
    assert not watch.errors, "errors in the browser:\n" + "\n".join(watch.errors)


def test_from_the_invitation_link_to_an_open_pool(page, bo_vest, audit):
    page.goto(bo_vest[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen — vælg din adgangskode")
    audit(page, "setup invitation")
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill("noget andet")
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(page.locator(".field-error")).to_contain_text("De to adgangskoder er ikke ens.")
    audit(page, "setup invitation refused")
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Gem adgangskode").click()
    expect(page.locator(".flash-success")).to_contain_text("Din adgangskode er gemt.")
    page.get_by_label("E-mail").fill("anna@bovest.example")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator(".flash-success")).to_contain_text("Du er logget ind som Anna Holm")

    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brugere")
    audit(page, "setup users")
    page.get_by_role("link", name="Organisation").click()
    page.get_by_label("CVR-nummer").fill("10000008")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".flash-error")).to_contain_text("CVR-nummeret »10000008« er ikke gyldigt")
    audit(page, "setup organisation refused")
    page.get_by_label("CVR-nummer").fill(CVR)
    page.get_by_label("Telefon").fill("70 20 30 40")
    page.get_by_label("E-mail til fakturaer").fill("faktura@bovest.example")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Organisationens oplysninger er gemt.")

    page.goto("/admin/afdelinger")
    page.get_by_label("Nummer", exact=True).fill("1")
    page.get_by_label("Navn", exact=True).fill("Vestparken")
    page.get_by_role("button", name="Tilføj afdeling").click()
    expect(page.locator(".flash-success")).to_have_text("Afdeling 1 er oprettet.")
    page.get_by_label(re.compile("indsæt linjerne")).fill(
        "2;Østparken;Østvej 2\n3\n")
    page.get_by_role("button", name="Vis ændringer").click()
    expect(page.locator(".flash-error")).to_contain_text("Linje 2: forventede")
    audit(page, "setup department import refused")
    page.go_back()
    page.get_by_label(re.compile("indsæt linjerne")).fill(
        "2;Østparken;Østvej 2\n")
    page.get_by_role("button", name="Vis ændringer").click()
    expect(page.get_by_role("heading", name="Nye (1)")).to_be_visible()
    audit(page, "setup department import preview")
    page.get_by_role("button", name="Indlæs afdelingerne").click()
    expect(page.locator(".flash-success")).to_contain_text("1 nye og 0 ændrede afdelinger")
    audit(page, "setup departments")

    page.goto("/admin/puljer")
    expect(page.get_by_label("År", exact=True)).to_have_value(str(TODAY.year))
    page.get_by_label("Puljens samlede beløb (kr.)").fill("60.000")
    page.get_by_label("Loft pr. projekt (kr.)").fill("70.000")
    page.get_by_label("Formål 1").fill("styrker naboskabet")
    page.get_by_label("Formål 2").fill("er for børn og unge")
    page.get_by_label("Retningslinjernes titel").fill("Puljeregler for Bo Vest")
    page.get_by_label("Godkendt den").fill(TODAY.isoformat())
    page.get_by_role("button", name="Åbn puljen").click()
    expect(page.locator(".flash-error")).to_contain_text("kan ikke være større end hele puljen")
    audit(page, "setup pool refused")
    page.get_by_label("Loft pr. projekt (kr.)").fill("10.000")
    page.get_by_role("button", name="Åbn puljen").click()
    expect(page.locator(".flash-success")).to_have_text(f"Puljen {TODAY.year} er åbnet.")
    audit(page, "setup pools")
    page.get_by_role("link", name=f"Puljen {TODAY.year}").click()
    expect(page.get_by_text("Version 1 fra")).to_be_visible()
    audit(page, "setup rules")

    resident = page.context.browser.new_context(
        base_url=bo_vest[0], viewport={"width": PHONE, "height": 900}, locale="da-DK").new_page()
    resident.goto("/ansoeg")
    expect(resident.get_by_label("Styrker naboskabet")).to_be_visible()
    expect(resident.get_by_label("Er for børn og unge")).to_be_visible()
    expect(resident.get_by_label("Din afdeling")).to_contain_text("Østparken")
    resident.context.close()
