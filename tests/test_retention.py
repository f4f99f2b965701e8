"""GDPR retention and the applicant's rights: the plan is what is done, and nothing else is."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import or_
from sqlmodel import SQLModel, select

from pulje.models import (
    Application,
    AuditEntry,
    CaseNote,
    Message,
    OutboxAttachment,
    OutboxMail,
    Pool,
)
from pulje.services import decisions
from pulje.services.accounting import pool_figures
from pulje.services.actors import Actor
from pulje.services.attachments import add_attachment
from pulje.services.errors import NotFound
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.notes import add_note
from pulje.services.payments import record_payment
from pulje.services.privacy import anonymise_applicant, export_applicant
from pulje.services.queries import case_by_token
from pulje.services.retention import (
    ANONYMOUS_NAME,
    REDACTED,
    apply_retention,
    retention_plan,
)
from tests.factories import CASEWORKER, TODAY, invoice_input

DUE = date(2032, 1, 1)  # pool year 2026 + 1 + 5 years
RETENTION = Actor("admin", "Aisha Karimi")
OPEN_STATES = ("submitted", "in_review", "awaiting_info", "approved")


@pytest.fixture
def cases(session, make_case, tmp_path) -> dict[str, Application]:
    """A case in every state; the closed one has a conversation, a receipt mail and a payment."""
    made = {state: make_case(state, applicant_name=f"Beboer {state}",
                             applicant_email=f"{state}@beboer.example")
            for state in ("rejected", "withdrawn", *OPEN_STATES)}
    closed = make_case("awaiting_info", applicant_name="Karen Jensen",
                       applicant_email="Karen@Beboer.example", applicant_cvr="12345674")
    decisions.answer(session, closed, Actor.resident("Karen Jensen"), "Vi bliver 80 fra 3 blokke.")
    decisions.approve(session, closed, CASEWORKER, 12_000_00, today=TODAY,
                      reason="Musikken dækkes ikke.")
    invoice = register_invoice(session, closed, CASEWORKER, invoice_input(9_000_00))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="ret-1",
                   reference="Bank 4411")
    add_attachment(session, closed, b"%PDF-1.4 tilbud", file_name="tilbud.pdf",
                   folder=tmp_path / "uploads")
    decisions.close(session, closed, CASEWORKER, "Festen blev holdt.")
    session.add(OutboxMail(to="karen@beboer.example",
                           subject=f"Kvittering for din ansøgning {closed.reference}",
                           body=f"Kære Karen Jensen\n\nhttps://pulje.example/sag/"
                                f"{closed.public_token}\n"))
    session.add(OutboxMail(to="karen@beboer.example", subject="Om en anden sag", body="Hej"))
    add_note(session, closed, CASEWORKER, "Karen ringede: festen flyttes til gården.")
    made["closed"] = closed
    lapsed = make_case("approved", applicant_name="Jens Lund", applicant_email="jens@b.example")
    made["lapsed"] = decisions.lapse(session, lapsed, CASEWORKER, today=date(2027, 1, 1))
    session.flush()
    return made


def everything(session) -> dict[tuple[str, int], dict]:
    """Every row of every table, by table and id."""
    rows = {}
    for table in SQLModel.metadata.sorted_tables:
        key = table.primary_key.columns.values()[0].name
        for row in session.connection().execute(table.select()).mappings():
            rows[(table.name, row[key])] = dict(row)
    return rows


def changes(before: dict, after: dict) -> dict[tuple[str, int], set[str]]:
    """The changed columns of every changed row; a new row shows as {'(new)'}, a deleted one
    as {'(deleted)'}."""
    diff = {key: {column for column in row if before[key][column] != row[column]}
            for key, row in after.items() if key in before}
    diff = {key: columns for key, columns in diff.items() if columns}
    diff.update({key: {"(new)"} for key in set(after) - set(before)})
    diff.update({key: {"(deleted)"} for key in set(before) - set(after)})
    return diff


def test_nothing_is_due_before_1_january_of_year_plus_6(session, cases):
    assert retention_plan(session, today=date(2031, 12, 31)) == []
    plan = retention_plan(session, today=DUE)
    assert [item.state for item in plan] == ["rejected", "withdrawn", "closed", "lapsed"]
    assert {item.due_on for item in plan} == {DUE}
    assert {item.pool_year for item in plan} == {2026}


def test_the_pool_sets_its_retention_years(session, cases, pool):
    pool.retention_years = 2
    session.flush()
    assert retention_plan(session, today=date(2028, 12, 31)) == []
    assert len(retention_plan(session, today=date(2029, 1, 1))) == 4


def test_the_plan_names_each_field_message_entry_and_mail(session, cases):
    closed = next(item for item in retention_plan(session, today=DUE)
                  if item.reference == cases["closed"].reference)
    assert closed.fields == ("applicant_name", "applicant_address", "applicant_email",
                             "applicant_phone", "applicant_cvr", "title", "purpose",
                             "decision_reason", "public_token")
    assert len(closed.budget_line_ids) == 1
    assert len(closed.message_ids) == 2  # the question and the answer
    # submit (resident), request_info (question), answer (resident, note).
    assert len(closed.audit_entry_ids) == 3
    # The receipt, the question, the approval (with its letter) and the payment, all written
    # for the case, and an older receipt found by its address and reference.
    assert len(closed.mail_ids) == 5
    assert len(closed.note_ids) == 1
    assert closed.changes == ("navn, adresse, e-mail, telefon, CVR, titel, formål, "
                              "begrundelse for afgørelsen, privat link, 1 budgetlinje(r), "
                              "2 besked(er), 3 revisionspost(er), 5 e-mail(s), "
                              "1 intern(e) note(r), 1 fil(er) fra ansøgeren")
    rejected = next(item for item in retention_plan(session, today=DUE)
                    if item.reference == cases["rejected"].reference)
    assert "decision_reason" in rejected.fields


def test_apply_changes_exactly_what_the_dry_run_reported(session, cases, pool):
    plan = retention_plan(session, today=DUE)
    before, figures = everything(session), pool_figures(session, pool)
    assert apply_retention(session, RETENTION, today=DUE) == plan
    session.expire_all()
    after = everything(session)

    column = {"public_token": "token_revoked"}
    expected = {}
    for item in plan:
        expected[("application", item.application_id)] = {column.get(f, f) for f in item.fields}
        for message_id in item.message_ids:
            expected[("message", message_id)] = changes(before, after)[("message", message_id)]
            assert expected[("message", message_id)] <= {"body", "sender_name"}
        for entry_id in item.audit_entry_ids:
            expected[("audit_entry", entry_id)] = changes(before, after)[("audit_entry", entry_id)]
            assert expected[("audit_entry", entry_id)] <= {"actor_name", "note"}
        for mail_id in item.mail_ids:
            # A mail still waiting to be sent is given up: it has no address any more.
            waiting = before[("outbox_mail", mail_id)]["next_attempt_at"] is not None
            expected[("outbox_mail", mail_id)] = {"to", "body"} | (
                {"next_attempt_at"} if waiting else set())
            # The letter a mail carried names the applicant: only it is ever deleted.
            expected.update({key: {"(deleted)"} for key, row in before.items()
                             if key[0] == "outbox_attachment" and row["mail_id"] == mail_id})
        for note_id in item.note_ids:
            expected[("case_note", note_id)] = {"body"}
        for attachment_id in item.attachment_ids:
            expected[("resident_attachment", attachment_id)] = {"(deleted)"}
        for line_id in item.budget_line_ids:
            expected[("budget_line", line_id)] = {"description"}
        if {"applicant_name", "applicant_email"} & set(item.fields):
            # The search text no longer holds the resident's name and e-mail.
            expected[("case_search", item.application_id)] = {"text"}
        if "applicant_name" in item.fields:
            # Nobody in particular now: the folded name and e-mail the duplicate check
            # compares go, and with them every pair the case was part of.
            expected[("applicant_key", item.application_id)] = {"(deleted)"}
            expected.update({key: {"(deleted)"} for key, row in before.items()
                             if key[0] == "duplicate_pair" and item.application_id
                             in (row["first_id"], row["second_id"])})
        elif "applicant_email" in item.fields:
            expected[("applicant_key", item.application_id)] = {"email_key"}
    new = {key for key, columns in changes(before, after).items() if columns == {"(new)"}}
    assert {key: columns for key, columns in changes(before, after).items()
            if key not in new} == expected
    anonymise_entries = [after[key] for key in new]
    assert [key[0] for key in new] == ["audit_entry"] * len(plan)
    assert sorted(e["application_id"] for e in anonymise_entries) == sorted(
        item.application_id for item in plan)
    assert {(e["action"], e["actor_name"]) for e in anonymise_entries} == {
        ("anonymise", "Aisha Karimi")}
    assert pool_figures(session, pool) == figures


def test_apply_anonymises_the_person_and_keeps_the_books(session, cases):
    closed = cases["closed"]
    token, public_title = closed.public_token, closed.public_title
    apply_retention(session, RETENTION, today=DUE)
    session.expire_all()
    assert (closed.applicant_name, closed.applicant_address, closed.applicant_email,
            closed.applicant_phone, closed.applicant_cvr) == (ANONYMOUS_NAME, "", "", "", None)
    # What the resident wrote goes; the caseworker's public title names the activity instead.
    assert (closed.title, closed.purpose, closed.granted) == (public_title, REDACTED, 12_000_00)
    with pytest.raises(NotFound):
        case_by_token(session, token)
    messages = session.exec(select(Message).where(Message.application_id == closed.id)).all()
    assert {(m.sender_name, m.body) for m in messages} == {
        ("Mette Hansen", REDACTED), (ANONYMOUS_NAME, REDACTED)}
    trail = session.exec(select(AuditEntry).where(AuditEntry.application_id == closed.id)
                         .order_by(AuditEntry.id)).all()
    text = json.dumps([e.model_dump(mode="json") for e in trail], ensure_ascii=False)
    assert "Karen" not in text and "3 blokke" not in text
    assert "Betalt 9.000,00" in text and "Festen blev holdt" in text
    assert trail[-1].note.startswith("Personoplysninger anonymiseret (opbevaringsfristen udløb "
                                     "01.01.2032): navn, adresse")
    mails = session.exec(select(OutboxMail).where(or_(
        OutboxMail.application_id == closed.id, OutboxMail.subject.contains(closed.reference),
        OutboxMail.subject == "Om en anden sag")).order_by(OutboxMail.id)).all()
    assert [(m.to, m.body) for m in mails] == [("", REDACTED)] * 5 + [
        ("karen@beboer.example", "Hej")]
    assert session.exec(select(OutboxAttachment).where(
        OutboxAttachment.mail_id.in_([m.id for m in mails]))).all() == []
    assert [n.body for n in session.exec(select(CaseNote).where(
        CaseNote.application_id == closed.id))] == [REDACTED]


def test_open_cases_are_never_touched(session, cases):
    before = everything(session)
    apply_retention(session, RETENTION, today=date(2099, 1, 1))
    session.expire_all()
    after = everything(session)
    for state in OPEN_STATES:
        application = cases[state]
        assert after[("application", application.id)] == before[("application", application.id)]
        for key in after:
            if key[0] in ("message", "audit_entry") and key in before and \
                    before[key]["application_id"] == application.id:
                assert after[key] == before[key]
        assert application.applicant_name == f"Beboer {state}"


def test_a_second_run_has_nothing_left_to_do(session, cases):
    apply_retention(session, RETENTION, today=DUE)
    assert retention_plan(session, today=DUE) == []
    assert apply_retention(session, RETENTION, today=date(2040, 1, 1)) == []


def test_the_export_holds_everything_about_the_applicant(session, cases, organisation):
    closed = cases["closed"]
    export = export_applicant(session, organisation.id, "KAREN@beboer.example")
    text = json.dumps(export, ensure_ascii=False)
    assert export["format"] == "pulje-indsigt-1"
    assert export["organisation"]["cvr"] == "30000005"
    [case] = export["cases"]
    assert case["reference"] == closed.reference and case["pool_year"] == 2026
    assert (case["applicant_name"], case["applicant_email"], case["applicant_phone"],
            case["applicant_cvr"]) == ("Karen Jensen", "Karen@Beboer.example", "20 30 40 50",
                                       "12345674")
    assert case["budget_lines"] == [{"id": case["budget_lines"][0]["id"], "position": 1,
                                     "description": "Leje af telt", "amount": 15_000_00}]
    assert [m["body"] for m in case["messages"]] == ["Hvor mange?", "Vi bliver 80 fra 3 blokke."]
    assert [i["supplier_name"] for i in case["invoices"]] == ["Odder Festudlejning ApS"]
    assert [(p["amount"], p["paid_on"], p["reference"]) for p in case["payments"]] == [
        (9_000_00, "2026-03-01", "Bank 4411")]
    assert [e["action"] for e in case["audit"]][:3] == ["submit", "start_review", "request_info"]
    assert case["anonymised_from"] == "2032-01-01"
    assert [m["kind"] for m in case["mails"]] == [
        "receipt", "question", "approved", "payment", None]
    assert [m["subject"] for m in case["mails"]][-1] == (
        f"Kvittering for din ansøgning {closed.reference}")
    assert [n["body"] for n in case["internal_notes"]] == [
        "Karen ringede: festen flyttes til gården."]
    assert [(f["file_name"], f["mimetype"]) for f in case["attachments"]] == [
        ("tilbud.pdf", "application/pdf")]
    assert closed.public_token not in text and "public_token" not in case


def test_the_export_finds_a_case_by_reference_and_only_in_the_organisation(
        session, cases, organisation):
    export = export_applicant(session, organisation.id, cases["rejected"].reference)
    assert [c["applicant_name"] for c in export["cases"]] == ["Beboer rejected"]
    with pytest.raises(NotFound, match="ingen sager med e-mailadressen"):
        export_applicant(session, organisation.id, "ukendt@beboer.example")
    with pytest.raises(NotFound):
        export_applicant(session, organisation.id + 1, cases["rejected"].reference)


@pytest.mark.parametrize("state", OPEN_STATES)
def test_anonymising_an_open_case_is_refused(session, cases, organisation, refused, state):
    application = cases[state]
    before = everything(session)
    error = refused(lambda: anonymise_applicant(session, organisation.id, application.reference,
                                                CASEWORKER, today=DUE),
                    message=f"Sag {application.reference} er ikke afsluttet")
    assert "kan først anonymiseres, når sagen er" in error.message
    assert everything(session) == before


def test_anonymising_on_request_changes_the_one_case(session, cases, organisation, refused,
                                                     tmp_path):
    closed = cases["closed"]
    before = everything(session)
    [stored] = (tmp_path / "uploads").iterdir()  # the resident's quote
    item = anonymise_applicant(session, organisation.id, closed.reference, CASEWORKER,
                               today=date(2026, 6, 1), upload_dir=tmp_path / "uploads")
    session.expire_all()
    assert closed.applicant_name == ANONYMOUS_NAME
    assert not stored.exists()
    touched = {key for key in changes(before, everything(session))}
    assert touched - {("application", closed.id), ("case_search", closed.id),
                      ("applicant_key", closed.id)} \
        - {("message", i) for i in item.message_ids} \
        - {("audit_entry", i) for i in item.audit_entry_ids} \
        - {("outbox_mail", i) for i in item.mail_ids} \
        - {("case_note", i) for i in item.note_ids} \
        - {("resident_attachment", i) for i in item.attachment_ids} \
        - {("budget_line", i) for i in item.budget_line_ids} \
        - {key for key, row in before.items()
           if key[0] == "outbox_attachment" and row["mail_id"] in item.mail_ids} == {
            key for key in touched if key[0] == "audit_entry" and key not in before}
    assert session.exec(select(AuditEntry).where(AuditEntry.application_id == closed.id)
                        .order_by(AuditEntry.id.desc())).first().note.startswith(
        "Personoplysninger anonymiseret (på ansøgerens anmodning)")
    refused(lambda: anonymise_applicant(session, organisation.id, closed.reference, CASEWORKER),
            message="er allerede anonymiseret")


def test_a_payment_that_names_the_applicant_holds_the_case(session, make_case, organisation,
                                                           refused):
    application = make_case("approved", applicant_name="Ole Sørensen", granted=5_000_00)
    invoice = register_invoice(session, application, CASEWORKER, invoice_input(5_000_00))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=date(2026, 9, 1),
                   idempotency_key="ret-hold", reference="Udlæg for ole  SØRENSEN")
    decisions.close(session, application, CASEWORKER)
    pool = session.get(Pool, application.pool_id)
    pool.retention_years = 0
    session.flush()
    assert retention_plan(session, today=date(2031, 12, 31)) == []
    refused(lambda: anonymise_applicant(session, organisation.id, application.reference,
                                        CASEWORKER, today=date(2031, 12, 31)),
            message="nævner ansøgeren og skal efter bogføringsloven gemmes uændret til "
                    "01.01.2032")
    assert [item.reference for item in retention_plan(session, today=date(2032, 1, 1))] == [
        application.reference]
    anonymise_applicant(session, organisation.id, application.reference, CASEWORKER,
                        today=date(2032, 1, 1))


def test_the_retention_command_reports_then_applies_the_same_cases(demo_cli):
    assert "Ingen sager skal anonymiseres pr. 31.12.2030." in demo_cli(
        "retention", "--today", "2030-12-31")
    dry = demo_cli("retention", "--today", "2031-01-01")
    assert dry.splitlines()[0].split() == ["Sag", "År", "Tilstand", "Frist", "Ændres"]
    first = dry.splitlines()[1]
    assert first.split()[:4] == ["2025-0001", "2025", "afsluttet", "01.01.2031"]
    assert first.split("  ")[-1].startswith("navn, adresse, e-mail")
    assert "11 sag(er) ville blive anonymiseret. Intet er ændret" in dry
    applied = demo_cli("retention", "--apply", "--today", "2031-01-01",
                       "--as", "admin@domi.example")
    assert applied.splitlines()[:-1] == dry.splitlines()[:-1]
    assert applied.splitlines()[-1] == "11 sag(er) er anonymiseret."
    assert "Ingen sager" in demo_cli("retention", "--today", "2031-01-01")


def test_the_applicant_commands_export_and_anonymise(demo_cli, tmp_path):
    target = tmp_path / "karen.json"
    assert "1 sag(er) er skrevet til" in demo_cli("applicant", "export", "2025-0001", "-o", target)
    [case] = json.loads(target.read_text(encoding="utf-8"))["cases"]
    assert case["applicant_name"] == "Karen Jensen"
    assert '"applicant_name": "Karen Jensen"' in demo_cli("applicant", "export", "2025-0001")
    out = demo_cli("applicant", "anonymise", "2026-0001", "--as", "mette@domi.example", ok=False)
    assert "er ikke afsluttet (bevilget)" in out
    out = demo_cli("applicant", "anonymise", "2025-0001", "--as", "mette@domi.example")
    assert out.startswith("Sag 2025-0001 er anonymiseret: navn, adresse")
    assert '"applicant_name": "Anonymiseret ansøger"' in demo_cli("applicant", "export",
                                                                   "2025-0001")
