"""The resident's two-minute report on the private link: shown, saved, refused, fuzzed."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image
from sqlmodel import select

from pulje.models import Application, Invoice, OutcomePhoto, OutcomeReport, Payment, Pool
from pulje.services import outcomes
from pulje.uploads import upload_folder
from tests.helpers.caseworker_pages import read
from tests.helpers.outcome_cases import recently_closed_without_report
from tests.helpers.resident_language import danish_words, fresh_catalogues  # noqa: F401
from tests.outcomes.photos import GPS_IFD, jpeg_with_location, png
from workflows.money import format_money


@pytest.fixture
def app(app_factory):
    """Limits far above what a fuzzing test posts."""
    return app_factory(RATELIMIT_RESIDENT="100000 per hour",
                       RATELIMIT_PRIVATE_LINK="100000 per minute")


def closed_case(app) -> tuple[str, list[int]]:
    """The token of a demo case closed recently without a report, and the departments' ids."""
    def find(session, organisation_id):
        application = recently_closed_without_report(session)
        return application.public_token, [d.id for d in outcomes.organisation_departments(
            session, application)]
    return read(app, find)


def open_case(app) -> str:
    return read(app, lambda s, _o: s.exec(select(Application.public_token).where(
        Application.state == "submitted")).first())


def stored(app, token: str) -> tuple[OutcomeReport | None, list[OutcomePhoto]]:
    """The report on the case with this private link, and its photos."""
    def fetch(session, _org):
        report = session.exec(select(OutcomeReport).join(
            Application, Application.id == OutcomeReport.application_id).where(
            Application.public_token == token)).first()
        return report, outcomes.photos_of(session, report)
    return read(app, fetch)


def test_a_resident_reports_with_a_photo_whose_location_is_gone(app):
    token, departments = closed_case(app)
    client = app.test_client()
    status = client.get(f"/sag/{token}").get_data(as_text=True)
    assert "Giv en kort afrapportering" in status
    page = client.get(f"/sag/{token}/afrapportering")
    assert page.status_code == 200 and 'type="file"' in page.get_data(as_text=True)
    # What was expected is read out with the question it answers.
    field = re.search(r'<input[^>]*id="participants"[^>]*>', page.get_data(as_text=True))[0]
    assert 'aria-describedby="participants-help"' in field
    assert re.search(r'id="participants-help"[^>]*>I forventede ca\. \d+ deltagere\.<',
                     page.get_data(as_text=True))
    response = client.post(f"/sag/{token}/afrapportering", data={
        "participants": "95", "departments": [str(d) for d in departments[:2]],
        "story": "Det gik godt.", "again": "yes", "photo_consent": "y",
        "photos": [(io.BytesIO(jpeg_with_location()), "IMG_0001.jpg")]},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    report, photos = stored(app, token)
    assert (report.participants, report.again, report.photo_consent) == (95, True, True)
    assert report.entered_by.startswith("ansøger ")
    (photo,) = photos
    path = upload_folder(app) / photo.file_path
    with Image.open(path) as image:
        assert len(image.getexif()) == 0 and not image.getexif().get_ifd(GPS_IFD)
    assert b"Telefon" not in path.read_bytes()
    shown = client.get(f"/sag/{token}/afrapportering/billede/{photo.id}")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert "no-store" in shown.headers["Cache-Control"]
    assert shown.get_data().startswith(b"\xff\xd8")
    shown.close()
    # Filled in again when opened a second time.
    again = client.get(f"/sag/{token}/afrapportering").get_data(as_text=True)
    assert 'value="95"' in again and "1 billede er gemt" in again


def test_consent_is_withdrawn_from_the_status_page(app):
    token, _departments = closed_case(app)
    client = app.test_client()
    client.post(f"/sag/{token}/afrapportering", data={"participants": "4", "photo_consent": "y"})
    assert "Træk samtykket tilbage" in client.get(f"/sag/{token}").get_data(as_text=True)
    assert client.post(f"/sag/{token}/afrapportering/samtykke").status_code == 302
    assert stored(app, token)[0].photo_consent is False
    assert client.post(f"/sag/{token}/afrapportering/samtykke",
                       csrf=False).status_code == 400


@pytest.mark.parametrize("fields, message", [
    ({"participants": ""}, "Skriv hvor mange der deltog."),
    ({"participants": "mange"}, "Skriv et helt tal"),
    ({"participants": "-3"}, "fra 0 til 100.000"),
    ({"participants": "5", "departments": ["999999"]}, "afdelinger fra listen"),
    ({"participants": "5", "again": "måske"}, "Vælg ja eller nej"),
])
def test_bad_input_is_refused_in_danish_and_keeps_nothing(app, fields, message):
    token, _departments = closed_case(app)
    response = app.test_client().post(f"/sag/{token}/afrapportering", data=fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    assert 'class="error-summary"' in body
    assert stored(app, token) == (None, [])


@pytest.mark.parametrize("photos, message", [
    ([(io.BytesIO(b"%PDF-1.4"), "faktura.jpg")], "JPEG- eller PNG"),
    ([(io.BytesIO(png()), f"{n}.png") for n in range(4)], "højst 3 billeder"),
])
def test_bad_photos_are_refused_and_no_file_is_kept(app, photos, message):
    token, _departments = closed_case(app)
    response = app.test_client().post(f"/sag/{token}/afrapportering", data={
        "participants": "5", "photos": photos}, content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert stored(app, token) == (None, [])
    folder = upload_folder(app)
    assert not folder.exists() or not list(folder.glob("photo-*"))


def test_no_report_page_before_the_activity_and_none_without_csrf(app):
    client = app.test_client()
    assert client.get(f"/sag/{open_case(app)}/afrapportering").status_code == 404
    token, _departments = closed_case(app)
    assert client.post(f"/sag/{token}/afrapportering", data={"participants": "5"},
                       csrf=False).status_code == 400
    assert stored(app, token) == (None, [])


def test_another_cases_photo_is_not_shown(app):
    token, _departments = closed_case(app)
    client = app.test_client()
    client.post(f"/sag/{token}/afrapportering", data={
        "participants": "5", "photos": [(io.BytesIO(png()), "a.png")]},
        content_type="multipart/form-data")
    (photo,) = stored(app, token)[1]
    other = read(app, lambda s, _o: s.exec(select(Application.public_token).where(
        Application.state == "closed", Application.public_token != token)).first())
    assert client.get(f"/sag/{other}/afrapportering/billede/{photo.id}").status_code == 404


def test_the_caseworker_enters_the_report_and_sees_it_beside_the_application(app, login):
    from tests.helpers.caseworker_pages import CASEWORKER

    token, departments = closed_case(app)
    reference, expected, granted = read(app, lambda s, _o: next(
        (a.reference, a.expected_participants, a.granted) for a in s.exec(
            select(Application).where(Application.public_token == token))))
    paid = read(app, lambda s, _o: sum(s.exec(
        select(Payment.amount).join(Invoice, Invoice.id == Payment.invoice_id).join(
            Application, Application.id == Invoice.application_id)
        .where(Application.public_token == token)).all()))
    client = app.test_client()
    login(client, CASEWORKER)
    before = client.get(f"/sagsbehandling/sag/{reference}").get_data(as_text=True)
    assert "Skriv afrapporteringen for ansøgeren" in before
    participants = expected + 19
    response = client.post(f"/sagsbehandling/sag/{reference}/afrapportering", data={
        "participants": str(participants), "departments": [str(departments[0])],
        "photos": [(io.BytesIO(png()), "a.png")]}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    report, (photo,) = stored(app, token)
    assert report.entered_by == "sagsbehandler Mette Hansen" and not report.photo_consent
    page = client.get(f"/sagsbehandling/sag/{reference}").get_data(as_text=True)
    row = re.search(r"<th scope=\"row\">Deltagere</th>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r'<td class="num">(\d+)', row)
    assert cells == [str(expected), str(participants)]
    assert f"{round(participants / expected * 100)} %" in row.replace("\xa0", " ")
    assert "Nej (kun internt)" in page
    picture = client.get(f"/sagsbehandling/sag/{reference}/afrapportering/billede/{photo.id}")
    assert picture.status_code == 200
    picture.close()
    cost = re.search(r"<th scope=\"row\">Udgift</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'<td class="num">([^<]+)', cost) == [format_money(granted),
                                                            format_money(paid)]


def test_the_board_sees_what_the_pool_reached_last_year_counted_independently(app, login):
    client = app.test_client()
    login(client, "bent@domi.example")
    last_year = read(app, lambda s, o: s.exec(select(Pool.year).where(
        Pool.organisation_id == o).order_by(Pool.year)).first())

    def count(session, organisation_id):
        pool = session.exec(select(Pool).where(Pool.organisation_id == organisation_id,
                                               Pool.year == last_year)).one()
        closed = session.exec(select(Application).where(
            Application.pool_id == pool.id, Application.state == "closed")).all()
        reports = [outcomes.report_of(session, a) for a in closed]
        return len(closed), sum(r.participants for r in reports if r), sum(
            1 for r in reports if r)

    held, participants, reported = read(app, count)
    page = client.get(f"/bestyrelse/?year={last_year}").get_data(as_text=True)
    table = page[page.index('id="reached"'):]
    table = table[:table.index("</table>")]

    def value(label: str) -> str:
        row = re.search(re.escape(label) + r".*?</th>(.*?)</tr>", table, re.S).group(1)
        return re.findall(r'<td class="num">([^<]*)</td>', row)[-1]

    assert value("Aktiviteter afholdt") == str(held)
    assert value("Deltagere (i forhold til forventet)").startswith(f"{participants} (")
    assert value("Afholdte aktiviteter med afrapportering").endswith(f"({reported} af {held})")
    assert "Andel af organisationens afdelinger" in table
    # The grant list: each grant's reported participants beside the expected.
    grants = page[page.index('id="grants"'):]
    took_part = re.findall(r'<td data-label="Deltog" class="num">([^<]*)</td>', grants)
    assert len(took_part) == len(re.findall(r'data-label="Forventet"', grants)) >= held
    assert sum(int(n) for n in took_part if n != "–") == participants
    assert took_part.count("–") == len(took_part) - reported


@pytest.mark.usefixtures("fresh_catalogues")
def test_the_boards_measures_in_english_say_the_same_figures(app, login):
    client = app.test_client()
    login(client, "bent@domi.example")

    def reached(url: str) -> str:
        page = client.get(url).get_data(as_text=True)
        table = page[page.index('id="reached"'):]
        return table[:table.index("</table>")]

    danish, english = reached("/bestyrelse/?lang=da"), reached("/bestyrelse/?lang=en")
    assert danish_words(english) == set(), danish_words(english)
    for words in ("What the pool reached", "Departments reached", "Participants per 100 homes",
                  "Purpose: brings together several housing departments",
                  "Share of the organisation’s departments with at least one activity held"):
        assert words in unescape(english), words
    # The same figures, only "af" becomes "of".
    figures = re.compile(r'<td class="num">([^<]*)</td>')
    assert [f.replace(" af ", " of ") for f in figures.findall(danish)] == figures.findall(
        english)


def test_the_caseworker_cannot_report_before_the_activity_is_held(app, login):
    from tests.helpers.caseworker_pages import CASEWORKER, new_case

    reference = new_case(app)
    client = app.test_client()
    login(client, CASEWORKER)
    page = client.get(f"/sagsbehandling/sag/{reference}/afrapportering")
    assert page.status_code == 200 and "når aktiviteten er afholdt" in page.get_data(as_text=True)
    assert 'type="file"' not in page.get_data(as_text=True)
    refused = client.post(f"/sagsbehandling/sag/{reference}/afrapportering",
                          data={"participants": "5"})
    assert refused.status_code == 422 and "er ikke gemt" in refused.get_data(as_text=True)
    assert read(app, lambda s, _o: s.exec(select(OutcomeReport).join(
        Application, Application.id == OutcomeReport.application_id).where(
        Application.reference == reference)).first()) is None
