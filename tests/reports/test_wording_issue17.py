"""Each wording fault a resident or caseworker met, one test each (issue 17's list)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from workflows.application import ApplicationFlow, Close
from workflows.errors import IllegalTransition
from workflows.invoice import InvoiceFlow
from workflows.invoice_rules import within_grant
from workflows.money import AmountError, parse_amount
from workflows.rules import participants_plausible

EXAMPLE = Path(__file__).parents[2] / "examples" / "ansoegning.toml"


class Row:
    def __init__(self, state: str) -> None:
        self.state = state


def test_no_double_full_stop_after_an_amount_in_the_shell(cli):
    cli("demo", "--today", "2026-11-29")
    out = cli("submit", EXAMPLE, "--today", "2026-11-29")
    assert "(søgt 8.400,00\xa0kr.)" in out and "kr.." not in out


def test_participants_message_reads_as_one_sentence():
    message = participants_plausible(10**6).message
    assert message == "Skriv, hvor mange deltagere I forventer – højst 100.000."


def test_the_small_group_purpose_has_its_verb_in_the_pdf(make_application, pdf_text):
    from reports.application import build_application_pdf

    text = pdf_text(build_application_pdf(make_application(small_group=True)))
    assert "Aktiviteten er for en mindre gruppe" in text
    assert "Aktiviteten går på tværs af afdelinger" in text


def test_a_one_day_activity_is_not_a_period_in_the_letter(make_letter, pdf_text):
    from reports.letters import build_decision_letter_pdf

    letter = make_letter()
    one_day = replace(letter, application=replace(
        letter.application, period_start=date(2027, 6, 19), period_end=date(2027, 6, 19)))
    text = " ".join(pdf_text(build_decision_letter_pdf(one_day)).split())
    assert "den 19. juni 2027." in text and "i perioden" not in text


@pytest.mark.parametrize("waiting, words", [(1, "1 faktura,"), (2, "2 fakturaer,")])
def test_invoices_waiting_are_counted_in_words(waiting, words):
    flow = ApplicationFlow(Row("approved"))
    with pytest.raises(Exception) as caught:
        flow.fire(Close(invoices_awaiting=waiting))
    assert words in caught.value.message and "(er)" not in caught.value.message


def test_an_unused_grant_is_not_named_twice():
    message = within_grant(12_000_00, 10_000_00, 0).message
    assert "tilbage af bevillingen (10.000,00\xa0kr.)." in message
    part = within_grant(3_000_00, 10_000_00, 8_000_00).message
    assert "(2.000,00\xa0kr. af 10.000,00\xa0kr.)." in part


def test_an_invoice_refusal_names_the_invoice_not_the_case():
    with pytest.raises(IllegalTransition) as caught:
        InvoiceFlow(Row("refused")).fire("accept")
    assert "når fakturaen er »afvist«" in caught.value.message


@pytest.mark.parametrize("typed, readings", [
    ("20.00", ("20,00\xa0kr.", "20.000,00\xa0kr.")),
    ("8.40", ("8,40\xa0kr.", "8.400,00\xa0kr.")),
])
def test_a_point_that_may_be_ore_or_thousands_is_asked_about(typed, readings):
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert all(reading in str(caught.value) for reading in readings)
    assert ".." not in str(caught.value)


def test_unambiguous_points_are_still_read():
    assert parse_amount("8.400") == 8_400_00
    assert parse_amount("1234.50") == 1_234_50


@pytest.mark.parametrize("purpose, printed", [
    ("for en mindre gruppe", "er for en mindre gruppe"),
    ("med naboer fra flere opgange", "er med naboer fra flere opgange"),
    ("går på tværs af afdelinger", "går på tværs af afdelinger"),
    ("samler beboere om haven", "samler beboere om haven"),
])
def test_a_rule_sets_purpose_completes_the_sentence_in_the_pdf(purpose, printed):
    from reports.application import as_clause

    assert f"Aktiviteten {as_clause(purpose)}" == f"Aktiviteten {printed}"
