"""The board's yearly report against a hand-computed year, long grant lists and national scale."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from reports.year_data import DepartmentRow, Durations, OpenGrantRow
from reports.yearly import build_year_report_pdf

GRANT_HEADER = "Sagsnr. Afdeling Titel Delt. Bevilget Udbetalt Status 31.12.2025"


def test_summary_adds_up_with_a_since_column(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "Årsrapport 2025 – fællesskabspuljen" in text
    assert "Tallene er pr. 31. december 2025. Kolonnen »Siden«" in text
    assert ("Puljen følger »DOMI 2023-05-15«, godkendt 15. maj 2023: 100.000,00 kr. i alt og "
            "højst 20.000,00 kr. pr. projekt. Dannet 5. januar 2026 kl. 09.00.") in text
    assert "Pr. 31.12.2025 Siden Pr. 05.01.2026" in text
    assert "Udbetalt 35.500,00 kr. 6.000,00 kr. 41.500,00 kr." in text
    assert "Bundet i åbne bevillinger 18.000,00 kr. -6.000,00 kr. 12.000,00 kr." in text
    assert "Ledigt 46.500,00 kr. 0,00 kr. 46.500,00 kr." in text
    assert "Puljen i alt 100.000,00 kr. 0,00 kr. 100.000,00 kr." in text
    assert "= Puljen i alt 100.000,00 kr." in text  # the bar's legend
    assert "Frigivet og genbevilget: 6.500,00 kr." in text
    assert "Retningslinjer: Retningslinjer" not in text


def test_granted_is_paid_committed_and_released_by_cause(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert ("Udbetalt 35.500,00 kr. Bundet i åbne bevillinger 18.000,00 kr. "
            "Frigivet fra tilbagetrukne bevillinger 0,00 kr. "
            "Frigivet fra afsluttede sager 1.500,00 kr. "
            "Frigivet fra bortfaldne bevillinger 5.000,00 kr. Bevilget 60.000,00 kr.") in text


def test_the_boards_questions(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "2024 (pr. 31.12.2024) 2025 (pr. 31.12.2025)" in text
    assert "Bevilget 80.000,00 kr. 60.000,00 kr." in text
    assert "Dage til afgørelse (median) 12,0 dage 12,0 dage" in text
    assert "Fra modtagelse til afgørelse: median 12,0 dage, 90 % inden for 20,4 dage" in text
    assert "februar 2 2 32.000,00 kr. 0,00 kr." in text
    assert "I alt 10 5 60.000,00 kr. 35.500,00 kr." in text
    # Overdue first, with what is still tied up.
    assert ("2025-0004 3 Solbakken Julehygge i gården 6.000,00 kr. 01.12.2025 overskredet "
            "2025-0002") in text
    assert "1 har overskredet fakturafristen med 6.000,00 kr. bundet" in text
    assert "Afslag i alt 2" in text


def test_departments_count_grants_and_purposes_are_not_summed(make_year_report, pdf_text):
    text = pdf_text(build_year_report_pdf(make_year_report()))
    assert "Afdeling Ansøgninger Bevillinger Bevilget Udbetalt Deltagere" in text
    assert "3 Solbakken 4 2 28.000,00 kr. 20.500,00 kr. 100" in text
    assert "I alt 10 5 60.000,00 kr. 35.500,00 kr. 170" in text
    purposes = text.split("Sager med formålet", 1)[1].split("Ansøgninger efter status", 1)[0]
    assert "Går på tværs af afdelinger 6 3 40.000,00 kr." in purposes
    assert "I alt" not in purposes
    assert "overlapper og lægges ikke sammen. 9 forskellige sager" in purposes


def test_the_running_year_is_marked_provisional(make_year_report, pdf_pages):
    data = make_year_report()
    this = replace(data.this, year=2026, as_of=date(2026, 11, 30), final=False)
    pages = pdf_pages(build_year_report_pdf(replace(data, this=this, since=None)))
    assert "Tallene er foreløbig pr. 30. november 2026." in pages[0]
    assert all("Årsrapport 2026 (foreløbig pr. 30.11.2026)" in page for page in pages)
    assert "Siden" not in pages[0]


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
    for heading in ("Resumé", "Måned for måned", "Åbne bevillinger og fakturafrister",
                    "Afslag", "Afdelinger", "Formål", "Bilag: Alle bevillinger 2025"):
        assert (1, heading) in entries
    assert (2, "Bevilget pr. afdeling") in entries


def test_the_appendix_repeats_its_header_and_loses_no_grant(make_year_report, make_grants,
                                                           pdf_pages):
    grants = make_grants(400)
    pages = pdf_pages(build_year_report_pdf(make_year_report(appendix=grants)))
    first = next(i for i, text in enumerate(pages) if "Bilag: Alle bevillinger 2025" in text)
    assert first == len(pages) - 1 - next(
        i for i, text in enumerate(reversed(pages)) if "Bilag: Alle bevillinger" in text)
    assert "I alt 400 bevillinger" in pages[-1]
    assert len(pages) - first >= 4
    for number, text in enumerate(pages[first:], start=first + 1):
        assert GRANT_HEADER in text, f"header missing on page {number}"
    listed = " ".join(pages[first:])
    for grant in grants:  # nothing lost or doubled at the page breaks
        assert listed.count(f"{grant.reference} ") == 1


def test_at_national_scale_the_report_before_the_appendix_is_short(make_year_report,
                                                                  make_grants, pdf_pages):
    # The appendix's length does not move what comes before it; 3.000 open grants do not either.
    grants = make_grants(3_000)
    open_grants = tuple(OpenGrantRow(g.reference, g.department, g.title, g.granted, 0,
                                     date(2025, 12, 1), i % 2 == 0)
                        for i, g in enumerate(grants[:3_000]))
    departments = tuple(DepartmentRow(f"{i} Afdeling med et langt navn", 20, 15,
                                      15 * 5_000_00, 10 * 5_000_00, 300) for i in range(15))
    departments += (DepartmentRow("Øvrige 285 afdelinger", 4_700, 4_775, 1, 1, 1),)
    rejections = tuple((f"Begrundelse nummer {i} " * 6, 100) for i in range(5)) + (
        ("Øvrige begrundelser", 800),)
    data = make_year_report(appendix=grants[:50], open_grants=open_grants, departments=departments,
                            rejections=rejections)
    pages = pdf_pages(build_year_report_pdf(data))
    appendix = next(i for i, text in enumerate(pages) if "Bilag: Alle bevillinger" in text)
    assert appendix <= 12
    assert "De første 25 af 3.000 åbne bevillinger" in " ".join(pages[:appendix])


def test_empty_year(make_year_report, pdf_text):
    data = make_year_report()
    empty = {key: 0 for key in data.this.money} | {"total": 100_000_00,
                                                    "available": 100_000_00}
    this = replace(data.this, money=empty, received=0, grants=0, rejected=0, requested=0,
                   requested_by_grants=0, decision_days=Durations(0, None, None),
                   payment_days=Durations(0, None, None))
    text = pdf_text(build_year_report_pdf(replace(
        data, this=this, last=None, since=None, released_by_cause=(), rejections=(),
        open_grants=(), appendix=(), departments=(), purpose_cases=0, generated_at=None)))
    assert "Ledigt 100.000,00 kr." in text
    assert "Fra modtagelse til afgørelse: ingen sager endnu." in text
    assert "Der er ikke givet nogen bevillinger i året." in text
    assert "Ingen bevillinger var åbne pr. 31.12.2025." in text
    assert "Der er ikke givet afslag i året." in text
    assert "der er ikke frigivet noget" in text


def test_long_names_and_large_amounts_stay_inside_the_page(make_year_report, make_grants,
                                                          overflowing, pdf_text):
    word = "Fællesskabsaktivitetsplanlægningsudvalg" * 3
    big = 987_654_321_00
    grants = tuple(replace(g, title=f"{word} {g.title}", department=word, granted=big)
                   for g in make_grants(60))
    departments = (DepartmentRow(word, 60, 60, big * 60, big, 123_456),
                   DepartmentRow("2 Kort", 1, 1, big, 0, 1))
    data = make_year_report(departments=departments, appendix=grants)
    pdf = build_year_report_pdf(data)
    assert overflowing(pdf) == []
    # Table cells hyphenate long words; take the hyphens out again to find every word whole.
    squeezed = "".join(pdf_text(pdf).split()).replace("-", "")
    assert squeezed.count(word) >= 60
