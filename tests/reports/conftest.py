"""Factories for report data and PDF readers, as fixtures that return callables."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.data import (
    ApplicationData,
    AuditLine,
    BudgetLineData,
    CaseStatementData,
    DecisionLetterData,
    GrantRow,
    GroupRow,
    InvoiceLine,
    OrganisationInfo,
    PaymentLine,
    YearReportData,
)
from reports.fonts import register_fonts
from reports.layout import MARGIN_X

KR = 100  # øre per krone


ORGANISATION = OrganisationInfo(
    name="DOMI Bolig",
    legal_name="DOMI Bolig - Boligorganisation",
    cvr="12345678",
    address="Søndergade 1, 8000 Aarhus C",
)


@pytest.fixture
def make_application():
    """Return a factory for an ordinary, submitted one-page application."""

    def factory(**overrides) -> ApplicationData:
        data = ApplicationData(
            organisation=ORGANISATION, reference="2025-0007",
            submitted_at=datetime(2025, 3, 3, 9, 15, tzinfo=UTC),
            applicant_name="Søren Ærø Åberg", department="12 Solbakken",
            applicant_address="Skovvænget 3, 1. th., 8210 Aarhus V",
            applicant_email="soren@example.dk", applicant_phone="12 34 56 78",
            title="Fælles sommerfest på græsplænen",
            purpose=(
                "Vi vil holde en sommerfest for beboerne i tre afdelinger med grill, musik og "
                "lege for børn, så naboer på tværs af opgangene lærer hinanden at kende."
            ),
            expected_participants=120,
            period_start=date(2025, 6, 14), period_end=date(2025, 6, 15),
            across_departments=True, short_notice=False, small_group=False,
            budget_lines=(
                BudgetLineData("Leje af telt", 8_000 * KR),
                BudgetLineData("Mad og drikke", 10_000 * KR),
                BudgetLineData("Musik", 2_000 * KR),
            ),
            requested=20_000 * KR, pool_year=2025, rule_version="DOMI 2023-05-15",
            purpose_labels=(("across_departments", "går på tværs af afdelinger"),
                            ("short_notice", "ønskes igangsat med et kortere varsel"),
                            ("small_group", "for en mindre gruppe")),
        )
        return replace(data, **overrides)

    return factory


@pytest.fixture
def make_letter(make_application):
    """Return a factory for an approval letter; approved=False with a reason for a rejection."""

    def factory(**overrides) -> DecisionLetterData:
        data = DecisionLetterData(
            application=make_application(),
            approved=True, decided_at=datetime(2025, 3, 20, 13, 30, tzinfo=UTC),
            granted=18_500 * KR, reason=None, invoice_deadline=date(2025, 8, 15),
            caseworker_name="Mette Hansen",
        )
        return replace(data, **overrides)

    return factory


@pytest.fixture
def make_statement(make_application):
    """Return a factory for a case statement with one paid and one refused invoice."""

    def factory(**overrides) -> CaseStatementData:
        at = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
        data = CaseStatementData(
            application=make_application(),
            state="bevilget", granted=18_500 * KR,
            invoices=(
                InvoiceLine("Festudlejning ApS", "87654321", "F-1001", date(2025, 6, 16),
                            7_950 * KR, "betalt", None),
                InvoiceLine("Søren Ærø Åberg", None, "1", date(2025, 6, 16), 1_200 * KR,
                            "afvist", "Fakturaen lyder ikke på DOMI Bolig - Boligorganisation."),
            ),
            payments=(
                PaymentLine(date(2025, 6, 30), "Festudlejning ApS", "F-1001", 7_950 * KR,
                            "UDB-2025-031"),
            ),
            paid=7_950 * KR, remaining=10_550 * KR, released=0,
            audit=(
                AuditLine(at, "ansøger", "indsendt", None, "modtaget", None),
                AuditLine(datetime(2025, 3, 20, 13, 30, tzinfo=UTC),
                          "sagsbehandler Mette Hansen", "bevilget", "under behandling",
                          "bevilget", "Bevilget 18.500 kr."),
            ),
        )
        return replace(data, **overrides)

    return factory


def _grant(reference, department, title, participants, granted, paid, state) -> GrantRow:
    return GrantRow(reference, department, title, participants, granted * KR, paid * KR, state)


HAND_GRANTS = (
    _grant("2025-0001", "3 Solbakken", "Sommerfest", 40, 20_000, 18_500, "afsluttet"),
    _grant("2025-0002", "7 Engparken", "Fællesspisning", 25, 12_000, 0, "bevilget"),
    _grant("2025-0003", "12 Skovly", "Udflugt til Mols", 30, 15_000, 15_000, "afsluttet"),
    _grant("2025-0004", "3 Solbakken", "Julehygge i gården", 60, 8_000, 2_000, "bevilget"),
    _grant("2025-0005", "7 Engparken", "Loppemarked", 15, 5_000, 0, "bortfaldet"),
)


@pytest.fixture
def make_year_report():
    """Return a factory for a hand-computed year: 3 departments, 5 grants in mixed states.

    Pool 100.000; granted 60.000; paid 35.500; released 1.500 (0001) + 5.000 (0005) = 6.500;
    used = 12.000 + 8.000 open + 18.500 + 15.000 + 0 paid on finished = 53.500;
    available = 46.500.
    """

    def factory(**overrides) -> YearReportData:
        data = YearReportData(
            organisation=ORGANISATION,
            year=2025, rule_version="DOMI 2023-05-15", rule_approved_on=date(2023, 5, 15),
            total=100_000 * KR, granted=60_000 * KR, paid=35_500 * KR, released=6_500 * KR,
            available=46_500 * KR,
            by_state=(("modtaget", 1), ("under behandling", 1), ("bevilget", 2),
                      ("afsluttet", 2), ("bortfaldet", 1), ("afslået", 2),
                      ("trukket tilbage", 1)),
            average_days_to_decision=12.3,
            by_department=(
                GroupRow("3 Solbakken", 2, 28_000 * KR, 20_500 * KR, 100),
                GroupRow("7 Engparken", 2, 17_000 * KR, 0, 40),
                GroupRow("12 Skovly", 1, 15_000 * KR, 15_000 * KR, 30),
            ),
            by_purpose=(
                GroupRow("går på tværs af afdelinger", 3, 40_000 * KR, 33_500 * KR, 130),
                GroupRow("ønskes igangsat med et kortere varsel", 1, 5_000 * KR, 0, 15),
                GroupRow("for en mindre gruppe", 2, 20_000 * KR, 2_000 * KR, 85),
            ),
            grants=HAND_GRANTS,
            open_at_year_end=tuple(g for g in HAND_GRANTS if g.state == "bevilget"),
            generated_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        )
        return replace(data, **overrides)

    return factory


@pytest.fixture
def make_grants():
    """Return a factory for n synthetic grants over 15 departments (for long lists)."""

    def factory(n: int) -> tuple[GrantRow, ...]:
        return tuple(
            GrantRow(f"2025-{i:04d}", f"{i % 15 + 1} Afdeling", f"Aktivitet nummer {i}",
                     10 + i % 40, (5_000 + i) * KR, (i % 3) * 1_000 * KR,
                     "afsluttet" if i % 2 else "bevilget")
            for i in range(1, n + 1)
        )

    return factory


@pytest.fixture
def overflowing():
    """Return a checker: PDF bytes -> the text lines that reach into the right margin.

    Widths come from the DejaVu face each line is set in. Text inside form XObjects (the page
    total) is skipped: pypdf reports it at the origin, without the form's placement.
    """
    regular, bold = register_fonts()

    def check(pdf: bytes) -> list[str]:
        found: list[str] = []
        for page in PdfReader(io.BytesIO(pdf)).pages:
            limit = float(page.mediabox.width) - MARGIN_X + 0.5

            def visit(text, cm, tm, font, size, limit=limit):
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                if not text.strip() or font is None or x < 1:
                    return
                face = bold if "Bold" in str(font.get("/BaseFont", "")) else regular
                if x + stringWidth(text.rstrip("\n"), face, size) > limit:
                    found.append(text.strip())

            page.extract_text(visitor_text=visit)
        return found

    return check


@pytest.fixture
def outline():
    """Return a reader: PDF bytes -> the outline as (level, title) pairs in order."""

    def walk(entries, level: int, out: list[tuple[int, str]]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1, out)
            else:
                out.append((level, entry.title))

    def read(pdf: bytes) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        walk(PdfReader(io.BytesIO(pdf)).outline, 0, out)
        return out

    return read


@pytest.fixture
def pdf_pages():
    """Return a reader: PDF bytes -> list of page texts with whitespace normalised."""

    def read(pdf: bytes) -> list[str]:
        reader = PdfReader(io.BytesIO(pdf))
        return [" ".join(page.extract_text().replace("\xa0", " ").split())
                for page in reader.pages]

    return read


@pytest.fixture
def pdf_text(pdf_pages):
    """Return a reader: PDF bytes -> all text, whitespace normalised."""

    def read(pdf: bytes) -> str:
        return " ".join(pdf_pages(pdf))

    return read
