"""Decision letters: the approval letter carries the payment rules, a rejection its reason."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from reports.letters import build_decision_letter_pdf


def test_approval_letter_states_amount_activity_and_period(make_letter, pdf_text):
    text = pdf_text(build_decision_letter_pdf(make_letter()))
    assert "Tilsagn om støtte fra fællesskabspuljen 2025" in text
    assert "Søren Ærø Åberg" in text
    assert "DOMI Bolig har bevilget 18.500,00 kr. til »Fælles sommerfest på græsplænen«" in text
    assert "i perioden 14. juni 2025 – 15. juni 2025" in text
    assert "Tilsagnet er på 18.500,00 kr. af de 20.000,00 kr., der blev søgt om." in text
    assert "Sagsnummer: 2025-0007" in text
    assert "20. marts 2025" in text


def test_approval_letter_explains_the_payment_rules(make_letter, pdf_text):
    text = pdf_text(build_decision_letter_pdf(make_letter()))
    # R6: approval before the activity.
    assert "Tilsagnet er givet den 20. marts 2025, før aktiviteten holdes." in text
    # R7: the invoice comes from the supplier, payment goes to the supplier.
    assert "leverandør (3. person)" in text
    assert "Puljen betaler ikke penge ud til beboere" in text
    # R9: made out to the legal name and CVR.
    assert "Fakturaen skal lyde på DOMI Bolig - Boligorganisation, CVR-nr. 12345678." in text
    # Sent to the organisation, quoting the case reference.
    assert "sender fakturaen til DOMI Bolig, Søndergade 1, 8000 Aarhus C" in text
    assert "sagsnummer 2025-0007 på den" in text
    # R8: within the amount granted.
    assert "i alt højst det bevilgede beløb, 18.500,00 kr." in text
    assert "senest 15. august 2025" in text
    assert "Mette Hansen" in text


def test_approval_letter_without_deadline_says_it_follows(make_letter, pdf_text):
    text = pdf_text(build_decision_letter_pdf(make_letter(invoice_deadline=None)))
    assert "Administrationen oplyser fristen for fakturaer" in text


def test_rejection_letter_states_the_reason(make_letter, pdf_text):
    reason = "Aktiviteten er allerede holdt, og tilsagn skal foreligge før aktiviteten."
    pdf = build_decision_letter_pdf(make_letter(approved=False, granted=None, reason=reason))
    text = pdf_text(pdf)
    assert "Afslag på ansøgning om støtte fra fællesskabspuljen 2025" in text
    assert "Begrundelse" in text
    assert reason in text
    assert "20.000,00 kr." in text
    assert "Sådan bliver regningerne betalt" not in text
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("Afslag – ansøgning 2025-0007")


def test_letter_metadata_and_footer(make_letter, pdf_text):
    pdf = build_decision_letter_pdf(make_letter())
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Tilsagn – ansøgning 2025-0007: Fælles sommerfest på græsplænen"
    assert meta.author == "DOMI Bolig"
    assert meta.subject == "Tilsagn på ansøgning om støtte fra fællesskabspuljen 2025"
    assert "side 1 af 1" in pdf_text(pdf)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approved": False, "granted": None, "reason": "  "}, "begrundelse"),
        ({"granted": None}, "bevilget beløb"),
    ],
)
def test_incomplete_decisions_are_refused(make_letter, overrides, message):
    with pytest.raises(ValueError, match=message):
        build_decision_letter_pdf(make_letter(**overrides))


def test_letter_needs_a_submitted_application(make_letter, make_application):
    draft = make_application(reference=None, submitted_at=None)
    with pytest.raises(ValueError, match="sagsnummer"):
        build_decision_letter_pdf(make_letter(application=draft))


def test_letter_carries_the_organisations_own_contact_and_invoice_details(
        make_letter, make_application, pdf_text):
    from dataclasses import replace

    from tests.reports.conftest import ORGANISATION

    own = replace(ORGANISATION, phone="70 20 30 40", email="pulje@bovest.example",
                  invoice_address="Bo Vest, Postboks 12, 2620 Albertslund",
                  invoice_email="faktura@bovest.example", ean="5790000000005")
    letter = make_letter(application=make_application(organisation=own),
                         caseworker_name="Jonas Friis")
    text = " ".join(pdf_text(build_decision_letter_pdf(letter)).split())
    assert ("sender fakturaen til Bo Vest, Postboks 12, 2620 Albertslund (e-mail "
            "faktura@bovest.example eller EAN 5790000000005)") in text
    assert ("Kontakt om sagen: Jonas Friis, DOMI Bolig, tlf. 70 20 30 40, "
            "pulje@bovest.example.") in text
    assert "Med venlig hilsen Jonas Friis" in text
    assert "Mette Hansen" not in text
