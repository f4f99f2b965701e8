"""Hostile input on every form: random and malicious values never cause a 500, a refusal
changes nothing in the database, and no user text reaches a page unescaped."""

from __future__ import annotations

import io
import itertools
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import exists
from sqlmodel import select

from pulje.clock import today
from pulje.models import Application, Invoice, OutcomeReport
from pulje.web.auth import WRONG_LOGIN
from tests.conftest import snapshot
from tests.helpers.caseworker_pages import (
    CASEWORKER,
    PDF,
    invoice_fields,
    new_case,
    read,
)
from tests.helpers.hypothesis_profiles import examples
from tests.helpers.resident_pages import valid_form

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
MALICIOUS = [
    SCRIPT, '"><img src=x onerror=alert(1)>', "'; DROP TABLE application; --", "1 OR 1=1",
    "\x00", "a\x00b", "\r\n\r\nSet-Cookie: x=1", "\u202egnp.exe", "e\u0301\u0301\u0301\u0301",
    "\u200b", "\ufeff", "{{ 7*7 }}", "${jndi:ldap://x}", "../../etc/passwd", "%00", " ", "",
    "-1", "-500", "0", "-0", "1e309", "NaN", "Infinity", "9" * 40, "-" + "9" * 40,
    "12.345.678.901.234.567.890,00", "1,000.5", "١٢٣", "１２３", "0x10", "2,5,5",
    "2026-02-30", "31.12.9999", "9999-12-31", "0001-01-01", "0000-00-00", "99999-01-01",
    "2026-13-01", "1.1.1", "-2026-01-01", "2026-01-01T00:00", "DK 1234567", "DK12345678",
]
hostile = st.one_of(
    st.sampled_from(MALICIOUS),
    st.text(max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "æ", "\x00", "9", "<", "\u0301"]),
              st.integers(200, 30_000)),
    st.integers(-10**30, 10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
)
NUMBERS = itertools.count(1)
# 25 examples per form keeps the suite fast; HYPOTHESIS_PROFILE=thorough digs deeper.
FUZZ = settings(max_examples=examples(25), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
ANSWERED = {200, 302, 400, 413, 422}
ERROR_MARK = re.compile(r'class="[^"]*error[^"]*"|role="alert"|' + re.escape(WRONG_LOGIN))


def hostile_fields(names: list[str]):
    return st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=4)


@pytest.fixture
def app(app_factory):
    """The app with limits far above what a fuzzing test posts."""
    return app_factory(RATELIMIT_LOGIN="100000 per minute", RATELIMIT_RESIDENT="100000 per hour")


@pytest.fixture
def caseworker(app, login):
    client = app.test_client()
    login(client, CASEWORKER)
    return client


def state(app) -> dict:
    return read(app, lambda session, _org: snapshot(session))


def check(app, post, what) -> object:
    """Post; an answer that is not a 500, and a refusal that says why and writes nothing."""
    before = state(app)
    response = post()
    body = response.get_data(as_text=True)
    assert response.status_code in ANSWERED, (what, response.status_code)
    if response.status_code != 302:
        assert state(app) == before, what
        if response.status_code != 200 or "login" in str(what):
            assert ERROR_MARK.search(body), (what, response.status_code)
    assert "<script>alert" not in body, what
    return response


def granted_case(app, caseworker) -> str:
    url = f"/sagsbehandling/sag/{new_case(app, requested=1_000_00)}"
    caseworker.post(f"{url}/behandling")
    # A small grant, so refused closings (the grant stays committed) never drain the pool.
    assert caseworker.post(f"{url}/bevilling", data={"approve-amount": "1.000"}
                           ).status_code == 302
    return url


def invoice_in(app, caseworker, url: str, accepted: bool = False) -> int:
    assert caseworker.post(f"{url}/faktura", data=invoice_fields(
        **{"invoice-amount": "1", "invoice-number": f"H-{next(NUMBERS)}"})).status_code == 302
    invoice_id = read(app, lambda s, _org: s.exec(select(Invoice.id).order_by(
        Invoice.id.desc())).first())
    if accepted:
        assert caseworker.post(f"/sagsbehandling/faktura/{invoice_id}/godkend").status_code == 302
    return invoice_id


APPLICATION_FIELDS = [
    "applicant_name", "department", "applicant_address", "applicant_email", "applicant_phone",
    "title", "purpose", "expected_participants", "period_start", "period_end",
    "across_departments", "short_notice", "small_group", "budget-0-description",
    "budget-0-amount", "budget-1-amount", "budget-29-amount", "budget-30-description",
    "budget-99999999999999999999-amount", "remove_line", "add_line", "send",
]


def test_the_application_form(app):
    client = app.test_client()

    @FUZZ
    @given(hostile_fields(APPLICATION_FIELDS))
    def run(fields):
        response = check(app, lambda: client.post("/ansoeg", data=valid_form(**fields)), fields)
        if response.status_code == 302:
            for page in (response.location, response.location.rsplit("/", 1)[0]):
                shown = client.get(page)
                assert shown.status_code == 200 and "<script>alert" not in shown.get_data(
                    as_text=True)

    run()


def test_the_answer_and_the_withdrawal(app, caseworker):
    client = app.test_client()

    @FUZZ
    @given(hostile, hostile, st.booleans())
    def run(answer, reason, asked):
        reference = new_case(app)
        url = f"/sagsbehandling/sag/{reference}"
        caseworker.post(f"{url}/behandling")
        if asked:
            caseworker.post(f"{url}/spoergsmaal", data={"request_info-question": "Hvem?"})
        token = read(app, lambda s, _org: s.exec(select(Application.public_token).where(
            Application.reference == reference)).one())
        check(app, lambda: client.post(f"/sag/{token}/svar", data={"text": answer}), answer)
        check(app, lambda: client.post(f"/sag/{token}/traek-tilbage", data={"reason": reason}),
              reason)
        assert client.get(f"/sag/{token}").status_code == 200

    run()


def test_the_login(app):
    client = app.test_client()

    @FUZZ
    @given(hostile, hostile)
    def run(email, password):
        response = check(app, lambda: client.post(
            "/login", data={"email": email, "password": password}), ("login", email))
        assert response.status_code != 302

    run()


def test_the_decisions(app, caseworker):
    @FUZZ
    @given(st.sampled_from(["approve-amount", "reject-reason", "request_info-question"]),
           hostile)
    def run(field, value):
        url = f"/sagsbehandling/sag/{new_case(app)}"
        caseworker.post(f"{url}/behandling")
        step = {"approve": "bevilling", "reject": "afslag", "request_info": "spoergsmaal"}[
            field.split("-")[0]]
        check(app, lambda: caseworker.post(f"{url}/{step}", data={field: value}), (field, value))
        page = caseworker.get(url)
        assert page.status_code == 200 and "<script>alert" not in page.get_data(as_text=True)

    run()


INVOICE_FIELDS = [f"invoice-{name}" for name in (
    "supplier_name", "supplier_cvr", "number", "issue_date", "activity_date", "buyer_name",
    "buyer_cvr", "amount")]


def test_registering_an_invoice(app, caseworker):
    url = granted_case(app, caseworker)

    @FUZZ
    @given(hostile_fields(INVOICE_FIELDS), st.booleans())
    def run(fields, with_file):
        data = invoice_fields(**fields)
        if with_file:
            data["invoice-file"] = (io.BytesIO(PDF), fields.get("invoice-number", "f") + ".pdf")
        check(app, lambda: caseworker.post(f"{url}/faktura", data=data,
                                           content_type="multipart/form-data"), fields)
        page = caseworker.get(url)
        assert page.status_code == 200 and "<script>alert" not in page.get_data(as_text=True)

    run()


def test_accepting_refusing_and_paying_invoices(app, caseworker):
    url = granted_case(app, caseworker)

    @FUZZ
    @given(hostile, hostile, hostile, hostile)
    def run(reason, paid_on, reference, key):
        refused = invoice_in(app, caseworker, url)
        check(app, lambda: caseworker.post(f"/sagsbehandling/faktura/{refused}/afvis", data={
            f"refuse-{refused}-reason": reason}), reason)
        paid = invoice_in(app, caseworker, url, accepted=True)
        data = {f"pay-{paid}-paid_on": paid_on, f"pay-{paid}-reference": reference,
                f"pay-{paid}-key": key}
        check(app, lambda: caseworker.post(f"/sagsbehandling/faktura/{paid}/betaling",
                                           data=data), data)
        # Whatever happened, the rest of the invoice is settled so the grant is not used up.
        caseworker.post(f"/sagsbehandling/faktura/{paid}/betaling", data={
            f"pay-{paid}-paid_on": today().isoformat(), f"pay-{paid}-key": f"k{paid}"})
        page = caseworker.get(url)
        assert page.status_code == 200 and "<script>alert" not in page.get_data(as_text=True)

    run()


def test_closing_and_lapsing(app, caseworker):
    @FUZZ
    @given(hostile, hostile_fields(["lapse-note", "csrf_token", "x"]))
    def run(note, extra):
        url = granted_case(app, caseworker)
        check(app, lambda: caseworker.post(f"{url}/bortfald", data=extra), extra)
        check(app, lambda: caseworker.post(f"{url}/afslut", data={"close-note": note}), note)
        assert caseworker.get(url).status_code == 200

    run()


def test_creating_a_user(app, login):
    admin = app.test_client()
    login(admin, "admin@domi.example")

    @FUZZ
    @given(hostile_fields(["name", "email", "role", "password"]))
    def run(fields):
        data = {"name": "Ny Bruger", "email": "ny@domi.example", "role": "caseworker",
                "password": "et-langt-kodeord", **fields}
        response = check(app, lambda: admin.post("/admin/", data=data), fields)
        if response.status_code == 302:
            assert "<script>alert" not in admin.get("/admin/").get_data(as_text=True)

    run()


def test_user_text_is_escaped_on_every_page_that_shows_it(app, caseworker, login):
    client = app.test_client()
    response = client.post("/ansoeg", data=valid_form(
        applicant_name=SCRIPT, title=SCRIPT, purpose=SCRIPT, applicant_address=SCRIPT,
        **{"budget-0-description": SCRIPT}))
    assert response.status_code == 302
    token = response.location.rsplit("/", 2)[1]
    reference = read(app, lambda s, _org: s.exec(select(Application.reference).where(
        Application.public_token == token)).one())
    url = f"/sagsbehandling/sag/{reference}"
    caseworker.post(f"{url}/behandling")
    caseworker.post(f"{url}/spoergsmaal", data={"request_info-question": SCRIPT})
    client.post(f"/sag/{token}/svar", data={"text": SCRIPT})
    caseworker.post(f"{url}/afslag", data={"reject-reason": SCRIPT})
    admin = app.test_client()
    login(admin, "admin@domi.example")
    admin.post("/admin/", data={"name": SCRIPT, "email": "x@domi.example", "role": "board",
                                "password": "et-langt-kodeord"})
    refused_form = client.post("/ansoeg", data=valid_form(title=SCRIPT, applicant_name=""))
    pages = [client.get(f"/sag/{token}"), client.get(f"/sag/{token}/kvittering"),
             caseworker.get(url), caseworker.get(f"/sagsbehandling/?q={SCRIPT}"),
             caseworker.get("/sagsbehandling/"), admin.get("/admin/"), refused_form]
    for page in pages:
        html = page.get_data(as_text=True)
        assert page.status_code in (200, 422) and "<script>alert" not in html, page.request.path
    # The receipt and the queue may leave the text out; these pages must show it, escaped.
    for page in (pages[0], pages[2], pages[5], pages[6]):
        assert ESCAPED in page.get_data(as_text=True), page.request.path


def test_a_hostile_case_still_makes_its_pdfs(app, caseworker):
    client = app.test_client()
    start = today() + timedelta(days=30)
    response = client.post("/ansoeg", data=valid_form(
        applicant_name="\u202eKaren\x00 <b>", title="e\u0301\u0301 \x07 " + SCRIPT,
        purpose="\x00\x01\x1f " + SCRIPT, period_start=start.isoformat(),
        **{"budget-0-description": "<para>&amp;</para>"}))
    assert response.status_code in (302, 422)
    if response.status_code == 302:
        token = response.location.rsplit("/", 2)[1]
        reference = read(app, lambda s, _org: s.exec(select(Application.reference).where(
            Application.public_token == token)).one())
        pdf = caseworker.get(f"/sagsbehandling/sag/{reference}/ansoegning.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


OUTCOME_FIELDS = ["participants", "departments", "story", "again", "photo_consent"]


def test_the_short_report_form_under_hostile_input(app):
    """The report after the activity (issue 20), on a demo case closed without one."""
    token = read(app, lambda s, _o: s.exec(select(Application.public_token).where(
        Application.state == "closed", ~exists().where(
            OutcomeReport.application_id == Application.id))).first())
    client = app.test_client()

    @FUZZ
    @given(hostile_fields(OUTCOME_FIELDS))
    def run(fields):
        response = check(app, lambda: client.post(f"/sag/{token}/afrapportering",
                                                  data=fields), fields)
        if response.status_code == 302:
            page = client.get(f"/sag/{token}/afrapportering").get_data(as_text=True)
            assert "<script>alert" not in page
            assert not re.search(r"<img[^>]*onerror", page)

    run()
