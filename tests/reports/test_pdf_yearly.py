"""The board's yearly report against a hand-computed year, and long grant lists."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from reports.data import GroupRow
from reports.yearly import build_year_report_pdf

GRANT_HEADER = "Sagsnr. Afdeling Titel Delt. Bevilget Udbetalt Status"


def test_totals_match_the_hand_computed_year(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "Årsrapport 2025 – fællesskabspuljen" in text
    assert "Retningslinjer: DOMI 2023-05-15, godkendt 15. maj 2023." in text
    assert "Rapporten er dannet 5. januar 2026 kl. 09.00." in text
    assert "Puljen i alt 100.000,00 kr." in text
    assert "Bevilget 60.000,00 kr." in text
    assert "Udbetalt 35.500,00 kr." in text
    assert "Frigivet 6.500,00 kr." in text
    assert "Til rådighed 46.500,00 kr." in text


def test_applications_by_state_and_average(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "afslået 2" in text
    assert "trukket tilbage 1" in text
    assert "I alt 10" in text
    assert "Gennemsnitlig tid fra modtagelse til afgørelse: 12,3 dage." in text


def test_departments_and_purposes_with_sums(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "3 Solbakken 2 28.000,00 kr. 20.500,00 kr. 100" in text
    assert "7 Engparken 2 17.000,00 kr. 0,00 kr. 40" in text
    assert "12 Skovly 1 15.000,00 kr. 15.000,00 kr. 30" in text
    # Σ departments equals the year's grants: 5 grants, 60.000 granted, 35.500 paid.
    assert "I alt 5 60.000,00 kr. 35.500,00 kr. 170" in text
    assert "går på tværs af afdelinger 3 40.000,00 kr. 33.500,00 kr. 130" in text
    assert "Bevilget pr. afdeling" in text


def test_every_grant_and_the_open_cases_are_listed(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "2025-0001 3 Solbakken Sommerfest 40 20.000,00 kr. 18.500,00 kr. afsluttet" in text
    assert "2025-0005 7 Engparken Loppemarked 15 5.000,00 kr. 0,00 kr. bortfaldet" in text
    assert ("I alt 5 sager med 170 forventede deltagere; bevilget 60.000,00 kr., "
            "udbetalt 35.500,00 kr.") in text
    open_part = text.split("Åbne sager ved årets udgang", 1)[1]
    assert "2025-0002" in open_part and "2025-0004" in open_part
    assert "2025-0001" not in open_part
    assert ("I alt 2 sager med 85 forventede deltagere; bevilget 20.000,00 kr., "
            "udbetalt 2.000,00 kr.") in open_part


def test_metadata_outline_and_footer(make_year_report, pdf_pages, outline):
    pdf = build_year_report_pdf(make_year_report())
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Årsrapport 2025 – fællesskabspuljen"
    assert meta.author == "DOMI Bolig"
    assert meta.subject.startswith("Fællesskabspuljen 2025")
    pages = pdf_pages(pdf)
    assert f"side 1 af {len(pages)}" in pages[0]
    entries = outline(pdf)
    assert entries[0] == (0, "Årsrapport 2025 – fællesskabspuljen")
    assert (1, "Puljen i tal") in entries
    assert (1, "Alle bevillinger 2025") in entries
    assert (2, "Bevilget pr. afdeling") in entries


def test_long_grant_list_repeats_header_on_every_page(make_year_report, make_grants,
                                                     pdf_pages):
    grants = make_grants(400)
    pdf = build_year_report_pdf(make_year_report(grants=grants, open_at_year_end=()))
    pages = pdf_pages(pdf)
    first = next(i for i, text in enumerate(pages) if "Alle bevillinger 2025" in text)
    last = next(i for i, text in enumerate(pages) if "I alt 400 sager" in text)
    assert last - first >= 3
    for number, text in enumerate(pages[first : last + 1], start=first + 1):
        assert GRANT_HEADER in text, f"header missing on page {number}"
        assert f"side {number} af {len(pages)}" in text
    listed = " ".join(pages[first : last + 1])
    for grant in grants:  # nothing lost or doubled at the page breaks
        assert listed.count(f"{grant.reference} ") == 1


def test_many_departments_chart_shows_top_ten(make_year_report, pdf_text):
    departments = tuple(GroupRow(f"{i} Afdeling", 1, i * 1_000_00, 0, 10)
                        for i in range(1, 16))
    text = pdf_text(build_year_report_pdf(make_year_report(by_department=departments)))
    assert "de 10 afdelinger med mest bevilget af 15" in text
    assert "I alt 15 120.000,00 kr." in text


def test_empty_year(make_year_report, pdf_text):
    data = make_year_report(granted=0, paid=0, released=0, available=100_000_00, by_state=(),
                            average_days_to_decision=None, by_department=(), by_purpose=(),
                            grants=(), open_at_year_end=(), generated_at=None)
    text = pdf_text(build_year_report_pdf(data))
    assert "Til rådighed 100.000,00 kr." in text
    assert "Ingen ansøgninger er afgjort i året endnu." in text
    assert "Der er ikke givet nogen bevillinger i året." in text
    assert "Ingen sager var åbne ved årets udgang." in text


def test_long_names_and_large_amounts_stay_inside_the_page(make_year_report, make_grants,
                                                          overflowing, pdf_text):
    word = "Fællesskabsaktivitetsplanlægningsudvalg" * 3
    big = 987_654_321_00
    grants = tuple(replace(g, title=f"{word} {g.title}", department=word, granted=big)
                   for g in make_grants(60))
    departments = (GroupRow(word, 60, big * 60, big, 123_456),
                   GroupRow("2 Kort", 1, big, 0, 1))
    data = make_year_report(total=big * 70, granted=big * 61, available=big * 9,
                            by_department=departments, grants=grants,
                            open_at_year_end=grants[:5])
    pdf = build_year_report_pdf(data)
    assert overflowing(pdf) == []
    squeezed = "".join(pdf_text(pdf).split())
    assert squeezed.count(word) >= 60
