"""The statement and the letters in plain Danish: history in the past tense with who acted by
name and role, no "Retningslinjer: Retningslinjer", a final case without payments said as such,
and a rejection that says one may apply again."""

from __future__ import annotations

from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.documents import case_statement_data, decision_letter_data
from pulje.services.history import actor_label, past_tense
from reports.letters import build_decision_letter_pdf
from reports.statement import build_case_statement_pdf
from tests.factories import CASEWORKER


def test_history_is_in_the_past_tense_with_name_and_role(session, make_case, pdf_text):
    case = make_case("closed", paid=5_000_00, requested=8_000_00)
    data = case_statement_data(session, case)
    assert [(line.action, line.actor) for line in data.audit] == [
        ("ansøgning modtaget", "Karen Jensen, ansøger"),
        ("behandling påbegyndt", "Mette Hansen, sagsbehandler"),
        ("bevilget", "Mette Hansen, sagsbehandler"),
        ("faktura modtaget", "Mette Hansen, sagsbehandler"),
        ("faktura godkendt til betaling", "Mette Hansen, sagsbehandler"),
        ("faktura betalt", "Mette Hansen, sagsbehandler"),
        ("afsluttet", "Mette Hansen, sagsbehandler")]
    text = pdf_text(build_case_statement_pdf(data))
    assert "Retningslinjer: Retningslinjer" not in text and "retningslinjer: Retningslinjer" \
        not in text
    assert "afgøres efter »Retningslinjer for pulje til understøttelse af fællesskaber" in text


def test_actor_labels():
    assert actor_label("system", "pulje") == "pulje (automatisk)"
    assert actor_label("resident", "ansøger") == "ansøgeren"
    assert actor_label("board", "Bent Ravn") == "Bent Ravn, bestyrelsesmedlem"
    assert past_tense("lapse") == "bortfaldet" and past_tense("something_new") == "something new"


def test_a_final_case_without_payments_is_not_waiting_for_any(session, make_case, pdf_text):
    case = make_case("approved")
    open_text = pdf_text(build_case_statement_pdf(case_statement_data(session, case)))
    assert "Der er ikke udbetalt noget endnu." in open_text
    decisions.withdraw(session, case, Actor.resident("Karen Jensen"), "Aflyst")
    final_text = pdf_text(build_case_statement_pdf(case_statement_data(session, case)))
    assert "Der blev ikke udbetalt noget på sagen." in final_text
    assert "endnu" not in final_text.split("Udbetalinger", 1)[1].split("Historik", 1)[0]


def test_a_rejection_says_one_may_apply_again(session, make_case, pdf_text):
    case = make_case("in_review")
    decisions.reject(session, case, CASEWORKER, "Aktiviteten er allerede gået i gang.")
    text = pdf_text(build_decision_letter_pdf(decision_letter_data(session, case)))
    assert "Kan du søge igen? Ja." in text
    assert "Afgjort efter »Retningslinjer for pulje til understøttelse af fællesskaber" in text
    assert "retningslinjerne Retningslinjer" not in text
