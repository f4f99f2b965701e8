"""The one-page application (R3, R4, R5): content, wrapping and the page check."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from reports.application import build_application_pdf, overflow_chars, page_count
from reports.data import BudgetLineData
from reports.fonts import register_fonts

LONG_PURPOSE = ("Vi ønsker at samle beboerne om fællesspisning, værksteder og ture. " * 95)[:6000]


def test_normal_application_is_exactly_one_page(make_application):
    data = make_application()
    pdf = build_application_pdf(data)
    assert page_count(data) == 1
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_application_shows_the_five_items_and_figures(make_application, pdf_text):
    text = pdf_text(build_application_pdf(make_application()))
    for expected in (
        "DOMI Bolig", "Søndergade 1, 8000 Aarhus C",
        "Sagsnummer 2025-0007", "modtaget 3. marts 2025 kl. 10.15",
        "1. Ansøger", "Søren Ærø Åberg", "Skovvænget 3, 1. th., 8210 Aarhus V",
        "soren@example.dk", "12 34 56 78", "12 Solbakken",
        "2. Formål og aktivitet", "Fælles sommerfest på græsplænen", "lærer hinanden at kende",
        "3. Forventet antal deltagere", "120",
        "4. Periode", "14. juni 2025 – 15. juni 2025",
        "5. Økonomi", "Leje af telt 8.000,00 kr.", "Mad og drikke 10.000,00 kr.",
        "I alt 20.000,00 kr.",
    ):
        assert expected in text


def test_purposes_show_ticked_and_unticked_marks(make_application, pdf_text):
    data = make_application(across_departments=False, short_notice=True, small_group=True)
    text = pdf_text(build_application_pdf(data))
    assert "☐ Aktiviteten går på tværs af afdelinger" in text
    assert "☒ Aktiviteten ønskes igangsat med et kortere varsel" in text
    assert "☒ Aktiviteten er for en mindre gruppe" in text


def test_draft_without_reference_says_kladde(make_application, pdf_text):
    text = pdf_text(build_application_pdf(make_application(reference=None, submitted_at=None)))
    assert "Kladde – ikke indsendt" in text
    assert "side 1 af 1" in text


def test_requested_amount_shown_when_budget_sum_differs(make_application, pdf_text):
    text = pdf_text(build_application_pdf(make_application(requested=15_000_00)))
    assert "I alt 20.000,00 kr." in text
    assert "Ansøgt beløb 15.000,00 kr." in text


def test_metadata_outline_and_footer(make_application, pdf_text, outline):
    pdf = build_application_pdf(make_application())
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta.title == "Ansøgning 2025-0007: Fælles sommerfest på græsplænen"
    assert meta.author == "DOMI Bolig"
    assert meta.subject == "Ansøgning om støtte fra fællesskabspuljen 2025"
    assert outline(pdf)[:3] == [
        (0, "Ansøgning om støtte fra fællesskabspuljen 2025"),
        (1, "1. Ansøger"),
        (1, "2. Formål og aktivitet"),
    ]
    assert "side 1 af 1" in pdf_text(pdf)


def test_overlong_purpose_takes_more_than_one_page(make_application):
    data = make_application(purpose=LONG_PURPOSE)
    assert len(data.purpose) == 6000
    assert page_count(data) > 1


def test_overflow_chars_is_the_exact_cut_that_fits(make_application):
    data = make_application(purpose=LONG_PURPOSE)
    cut = overflow_chars(data)
    assert cut is not None and 0 < cut < 6000
    kept = len(data.purpose) - cut
    assert page_count(replace(data, purpose=data.purpose[:kept])) == 1
    assert page_count(replace(data, purpose=data.purpose[: kept + 1])) == 2


def test_overflow_chars_zero_when_it_fits(make_application):
    assert overflow_chars(make_application()) == 0


def test_overflow_chars_none_when_budget_alone_is_too_long(make_application):
    lines = tuple(BudgetLineData(f"Post nummer {i}", 100_00) for i in range(70))
    data = make_application(budget_lines=lines, requested=7_000_00)
    assert page_count(data) > 1
    assert overflow_chars(data) is None


def test_long_words_and_budget_lines_wrap_inside_the_page(make_application, pdf_text,
                                                          overflowing):
    word = "Fællesskabsaktivitetsplanlægningsudvalgsmødeforberedelse" * 6
    long_line = "Leje af borde, stole, telte og lydanlæg hos udlejeren nede ved havnen " * 6
    data = make_application(
        title=word,
        purpose=f"Start {word} slut.",
        applicant_address=word,
        budget_lines=(BudgetLineData(word, 1_000_00), BudgetLineData(long_line, 19_000_00)),
    )
    pdf = build_application_pdf(data)
    assert page_count(data) == 1
    # Table cells hyphenate long words; take the hyphens out again to find every word whole.
    squeezed = "".join(pdf_text(pdf).split()).replace("-", "")
    assert squeezed.count(word) >= 4  # title, purpose, address and budget line, all there
    assert "".join(long_line.split()) in squeezed
    assert "19.000,00kr." in squeezed
    assert overflowing(pdf) == []


def test_overflow_checker_sees_text_in_the_margin(make_application, overflowing):
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(register_fonts()[0], 10)
    canvas.drawString(500, 400, "denne linje går ud over kanten")
    canvas.save()
    assert overflowing(buffer.getvalue()) == ["denne linje går ud over kanten"]
