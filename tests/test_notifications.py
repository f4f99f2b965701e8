"""Each step a resident or the team must know of writes one mail, with the private link, in the
resident's language — and a refused step writes none."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pulje.models import OutboxAttachment, OutboxMail
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, refuse_invoice, register_invoice
from pulje.services.notifications import mails_of_case
from pulje.services.payments import record_payment
from tests.factories import CASEWORKER, TODAY, invoice_input

TEAM = "pulje@domi.example"
KAREN = "karen@beboer.example"


@pytest.fixture(autouse=True)
def team_address(organisation, session):
    organisation.email = TEAM
    session.flush()


def sent(session, application, kind=None) -> list[OutboxMail]:
    mails = mails_of_case(session, application.id)
    return [m for m in mails if kind is None or m.kind == kind]


def one(session, application, kind) -> OutboxMail:
    [mail] = sent(session, application, kind)
    return mail


def test_submission_sends_the_receipt_and_tells_the_team(session, make_case):
    case = make_case("submitted")
    receipt = one(session, case, "receipt")
    assert receipt.to == KAREN and case.reference in receipt.subject
    assert f"/sag/{case.public_token}" in receipt.body
    news = one(session, case, "new_application")
    assert news.to == TEAM and "Karen Jensen" in news.body and "Sommerfest" in news.subject


def test_question_mail_carries_the_question_and_link(session, make_case):
    case = make_case("awaiting_info")
    mail = one(session, case, "question")
    assert mail.to == KAREN and "Hvor mange?" in mail.body
    assert f"/sag/{case.public_token}" in mail.body


def test_the_residents_answer_goes_to_the_team_once(session, make_case):
    case = make_case("awaiting_info")
    decisions.answer(session, case, Actor.resident("Karen Jensen"), "Vi bliver 80.")
    mail = one(session, case, "answered")
    assert mail.to == TEAM and "Vi bliver 80." in mail.body


def test_an_answer_by_phone_is_marked_in_the_history_and_mails_no_one(session, make_case):
    from pulje.models import AuditEntry, Message

    case = make_case("awaiting_info")
    decisions.answer(session, case, CASEWORKER, "Ca. 80 personer.", channel="phone")
    assert case.state == "in_review" and sent(session, case, "answered") == []
    entry = session.exec(select(AuditEntry).where(AuditEntry.application_id == case.id)
                         .order_by(AuditEntry.id.desc())).first()
    assert entry.note == "Svar modtaget pr. telefon: Ca. 80 personer."
    assert entry.actor_name == "Mette Hansen"
    message = session.exec(select(Message).where(Message.application_id == case.id)
                           .order_by(Message.id.desc())).first()
    assert (message.channel, message.sender_role) == ("phone", "resident")


def test_approval_mail_attaches_the_letter_and_says_what_to_do(session, make_case):
    case = make_case("approved")
    mail = one(session, case, "approved")
    assert "15.000,00" in mail.subject
    assert "fakturaen til DOMI Bolig" in mail.body and "senest" in mail.body
    [attachment] = session.exec(select(OutboxAttachment).where(
        OutboxAttachment.mail_id == mail.id)).all()
    assert attachment.filename == f"tilsagn-{case.reference}.pdf"
    assert attachment.mimetype == "application/pdf" and attachment.content.startswith(b"%PDF")


def test_a_partial_grant_mail_gives_the_reason(session, make_case):
    case = make_case("approved", granted=12_000_00)
    mail = one(session, case, "approved")
    assert "af de søgte 15.000,00" in mail.body and "Budgettet er skåret ned." in mail.body


def test_rejection_mail_gives_reason_and_contact(session, make_case):
    case = make_case("rejected")
    mail = one(session, case, "rejected")
    assert "Uden for formålet." in mail.body and TEAM in mail.body


def test_a_case_awaiting_an_answer_can_be_rejected(session, make_case):
    case = make_case("awaiting_info")
    decisions.reject(session, case, CASEWORKER, "Intet svar på spørgsmålet.")
    assert case.state == "rejected"
    assert "Intet svar på spørgsmålet." in one(session, case, "rejected").body


def test_refused_invoice_and_payment_mails(session, make_case):
    case = make_case("approved", granted=10_000_00)
    refused = refuse_invoice(
        session, register_invoice(session, case, CASEWORKER, invoice_input(2_000_00, number="X-1")),
        CASEWORKER, "Fakturaen mangler en specifikation af ydelsen.")
    mail = one(session, case, "invoice_refused")
    assert "X-1" in mail.body and refused.refusal_reason in mail.body
    assert "rettet faktura" in mail.body

    invoice = accept_invoice(session, register_invoice(session, case, CASEWORKER,
                                                       invoice_input(4_000_00)), CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="k-1")
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="k-1")
    mail = one(session, case, "payment")  # the repeated key pays, and mails, nothing again
    assert "4.000,00" in mail.body and "Odder Festudlejning ApS" in mail.body


def test_a_refused_step_writes_no_mail(session, make_case, refused):
    case = make_case("in_review", requested=15_000_00)
    refused(lambda: decisions.approve(session, case, CASEWORKER, 25_000_00, today=TODAY),
            rule="R2")
    refused(lambda: decisions.approve(session, case, CASEWORKER, 10_000_00, today=TODAY),
            message="Skriv en begrundelse")
    refused(lambda: decisions.reject(session, case, CASEWORKER, "  "))
    refused(lambda: decisions.request_info(session, case, CASEWORKER, ""))
    assert [m.kind for m in sent(session, case)] == ["receipt", "new_application"]


def test_no_address_no_resident_mail(session, make_case):
    case = make_case("approved", applicant_email="", link_only=True)
    assert [m.kind for m in sent(session, case)] == ["new_application"]


def test_english_when_the_resident_chose_english(session, make_case):
    case = make_case("awaiting_info", language="en")
    receipt = one(session, case, "receipt")
    assert receipt.subject.startswith("Receipt for your application")
    question = one(session, case, "question")
    assert "The caseworker has a question" in question.body and "Hvor mange?" in question.body
    assert "Sagsbehandleren" not in question.body
    # The team's own mail stays Danish.
    assert one(session, case, "new_application").subject.startswith("Ny ansøgning")


def test_the_residents_history_leaves_out_the_teams_mails(session, make_case):
    case = make_case("awaiting_info")
    kinds = [m.kind for m in mails_of_case(session, case.id, resident_only=True)]
    assert kinds == ["receipt", "question"]
