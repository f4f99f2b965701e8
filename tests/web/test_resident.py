"""The resident's journey: start page → apply → receipt → status → question answered → letter."""

from __future__ import annotations

from datetime import date
from html import unescape

from sqlmodel import func, select

from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, Message, OutboxMail
from pulje.services import decisions
from pulje.services.accounting import pool_figures
from pulje.services.actors import Actor
from pulje.services.queries import case_by_token, organisation_by_cvr, pool_for_year
from pulje.web.resident.steps import case_steps
from tests.helpers.resident_pages import page, read, token_of, valid_form
from workflows.application import STATE_LABELS
from workflows.money import format_money

CASEWORKER = Actor("caseworker", "Mette Hansen")


def with_case(app, token: str, fn):
    """Run ``fn(session, application)`` in one committed unit of work."""
    with app.app_context(), transaction(sessions()) as session:
        return fn(session, case_by_token(session, token))


def test_start_page_shows_purposes_cap_what_is_left_and_the_steps(app, client):
    def figures(session):
        organisation = organisation_by_cvr(session, "30000005")
        pool = pool_for_year(session, organisation.id, date.today().year)
        return pool_figures(session, pool).available, pool.cap
    available, cap = read(app, figures)
    text = page(client.get("/"))
    assert "Går på tværs af afdelinger" in text and "For en mindre gruppe" in text
    assert format_money(cap) in text and format_money(available) in text
    steps, _ = case_steps()
    positions = [text.index(step.title) for step in steps]
    assert positions == sorted(positions)
    assert "Du kan trække ansøgningen tilbage" in text


def test_apply_receipt_status_question_and_answer(app, client):
    response = client.post("/ansoeg", data=valid_form())
    assert response.status_code == 302
    token = token_of(response)
    assert len(token) >= 22  # 128 bits in URL-safe base64

    receipt = page(client.get(response.location))
    reference = with_case(app, token, lambda s, a: a.reference)
    assert reference in receipt and f"/sag/{token}" in receipt
    assert "Vi har også sendt linket til karen@beboer.example" in receipt

    mails = read(app, lambda session: session.exec(select(OutboxMail)).all())
    # The receipt to the resident, and news of the case to the organisation's team address.
    assert [(m.to, m.kind) for m in mails] == [("karen@beboer.example", "receipt"),
                                               ("pulje@domi.example", "new_application")]
    assert f"/sag/{token}" in mails[0].body and reference in mails[0].subject

    status = page(client.get(f"/sag/{token}"))
    assert "Modtaget" in status and "Gårdfest for alle opgange" in status
    assert format_money(6_500_50) in status

    def ask(session, application):
        decisions.start_review(session, application, CASEWORKER)
        decisions.request_info(session, application, CASEWORKER, "Hvem står for musikken?")
    with_case(app, token, ask)

    status = page(client.get(f"/sag/{token}"))
    assert "Hvem står for musikken?" in status and "Send svar" in status
    assert STATE_LABELS["awaiting_info"] in status

    answered = client.post(f"/sag/{token}/svar", data={"text": "Naboens band spiller."})
    assert answered.status_code == 302
    assert with_case(app, token, lambda s, a: a.state) == "in_review"
    status = page(client.get(f"/sag/{token}"))
    assert "Naboens band spiller." in status and "Tak for dit svar" in status
    assert "Send svar" not in status


def test_an_empty_answer_is_refused_and_nothing_is_stored(app, client):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    with_case(app, token, lambda s, a: (decisions.start_review(s, a, CASEWORKER),
                                        decisions.request_info(s, a, CASEWORKER, "Hvornår?")))
    response = client.post(f"/sag/{token}/svar", data={"text": "  "})
    assert response.status_code == 422 and "Skriv dit svar." in page(response)
    assert with_case(app, token, lambda s, a: s.exec(select(func.count(Message.id)).where(
        Message.application_id == a.id)).one()) == 1


def test_withdraw_asks_first_then_withdraws(app, client):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    confirm = client.get(f"/sag/{token}/traek-tilbage")
    assert confirm.status_code == 200 and "Ja, træk ansøgningen tilbage" in page(confirm)
    assert with_case(app, token, lambda s, a: a.state) == "submitted"
    done = client.post(f"/sag/{token}/traek-tilbage", data={"reason": "Vi flytter."})
    assert done.status_code == 302
    assert with_case(app, token, lambda s, a: a.state) == "withdrawn"
    status = page(client.get(f"/sag/{token}"))
    assert "Ansøgningen er trukket tilbage" in status
    assert "Træk ansøgningen tilbage" not in status


def test_approval_letter_for_a_granted_case_only(app, client):
    granted, rejected = (read(app, lambda session, state=state: session.exec(
        select(Application.public_token).where(
            Application.state == state,
            Application.reference.startswith(str(date.today().year)))).first())
        for state in ("approved", "rejected"))
    assert "Hent tilsagnsbrevet (PDF)" in page(client.get(f"/sag/{granted}"))
    pdf = client.get(f"/sag/{granted}/tilsagn.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert client.get(f"/sag/{granted}/afslag.pdf").status_code == 404
    assert client.get(f"/sag/{rejected}/tilsagn.pdf").status_code == 404
    assert client.get(f"/sag/{rejected}/afslag.pdf").data.startswith(b"%PDF")


def test_a_token_opens_its_own_case_only(app, client):
    mine = token_of(client.post("/ansoeg", data=valid_form(title="Min fest")))
    other = token_of(client.post("/ansoeg", data=valid_form(title="Naboens loppemarked")))
    assert mine != other
    text = page(client.get(f"/sag/{mine}"))
    assert "Min fest" in text and "Naboens loppemarked" not in text

    unknown = client.get(f"/sag/{'A' * len(mine)}")
    assert unknown.status_code == 404 and "Linket er ugyldigt" in page(unknown)
    assert client.get(f"/sag/{mine[:-1]}").status_code == 404

    def revoke(session, application):
        application.token_revoked = True
    with_case(app, other, revoke)
    for url in (f"/sag/{other}", f"/sag/{other}/kvittering", f"/sag/{other}/traek-tilbage"):
        assert client.get(url).status_code == 404
    assert client.post(f"/sag/{other}/svar", data={"text": "Hej"}).status_code == 404


def test_status_pages_never_leak_the_link_and_are_not_cached(client):
    token = token_of(client.post("/ansoeg", data=valid_form()))
    for url in (f"/sag/{token}", f"/sag/{token}/kvittering", f"/sag/{token}/traek-tilbage"):
        response = client.get(url)
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_application_form_refuses_a_period_years_ahead(app, client):
    def count(session):
        return session.exec(select(func.count(Application.id))).one()

    before = read(app, count)
    page = client.post("/ansoeg", data=valid_form(period_start="9999-12-01",
                                                  period_end="9999-12-01"))
    assert page.status_code == 422
    assert f"senest 31.12.{date.today().year + 1}" in unescape(page.get_data(as_text=True))
    assert read(app, count) == before


def test_the_steps_picture_keeps_rejection_beside_approval():
    """Rejecting is possible while waiting for an answer too; it stays the decision's other
    outcome, not an exit along the way like withdrawing."""
    steps, exits = case_steps()
    assert [(s.states, s.detours) for s in steps] == [
        (("submitted",), ()), (("in_review",), ("awaiting_info",)),
        (("approved", "rejected"), ()), (("closed", "lapsed"), ())]
    assert [e.state for e in exits] == ["withdrawn"]
