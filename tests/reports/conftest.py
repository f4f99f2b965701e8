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
    InvoiceLine,
    OrganisationInfo,
    PaymentLine,
)
from reports.fonts import register_fonts
from reports.layout import MARGIN_X
from reports.year_data import (
    AppendixRow,
    DepartmentRow,
    Durations,
    MonthRow,
    OpenGrantRow,
    PurposeRow,
    YearReport,
    YearSummary,
)

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


def _grant(reference, department, title, participants, granted, paid, state) -> AppendixRow:
    return AppendixRow(reference, department, title, participants, granted * KR, paid * KR,
                       state)


HAND_GRANTS = (
    _grant("2025-0001", "3 Solbakken", "Sommerfest", 40, 20_000, 18_500, "afsluttet"),
    _grant("2025-0002", "7 Engparken", "Fællesspisning", 25, 12_000, 0, "bevilget"),
    _grant("2025-0003", "12 Skovly", "Udflugt til Mols", 30, 15_000, 15_000, "afsluttet"),
    _grant("2025-0004", "3 Solbakken", "Julehygge i gården", 60, 8_000, 2_000, "bevilget"),
    _grant("2025-0005", "7 Engparken", "Loppemarked", 15, 5_000, 0, "bortfaldet"),
)


def _summary(year: int, as_of: date, **money) -> YearSummary:
    return YearSummary(
        year=year, as_of=as_of, final=as_of >= date(year, 12, 31), money=money,
        received=10, grants=5, rejected=2, requested=90_000 * KR, requested_by_grants=66_000 * KR,
        decision_days=Durations(7, 12.0, 20.4), payment_days=Durations(3, 30.0, 41.0))


@pytest.fixture
def make_year_report():
    """Return a factory for a hand-computed 2025, reported as of 31.12.2025 on 5.1.2026.

    Pool 100.000; granted 60.000 = paid 35.500 + committed 18.000 (0002: 12.000, 0004: 6.000)
    + released 6.500 (1.500 closed from 0001, 5.000 lapsed from 0005); available
    100.000 − 35.500 − 18.000 = 46.500. Since year end 0004 was paid 6.000 more.
    """

    def factory(**overrides) -> YearReport:
        this = _summary(2025, date(2025, 12, 31), total=100_000 * KR, granted=60_000 * KR,
                        paid=35_500 * KR, committed=18_000 * KR, released=6_500 * KR,
                        available=46_500 * KR)
        last = _summary(2024, date(2024, 12, 31), total=100_000 * KR, granted=80_000 * KR,
                        paid=75_000 * KR, committed=0, released=5_000 * KR,
                        available=25_000 * KR)
        data = YearReport(
            organisation=ORGANISATION, this=this, last=last,
            since={"total": 0, "granted": 0, "paid": 6_000 * KR, "committed": -6_000 * KR,
                   "released": 0, "available": 0},
            now_day=date(2026, 1, 5), cap=20_000 * KR, rule_version="DOMI 2023-05-15",
            rule_approved_on=date(2023, 5, 15),
            released_by_cause=(("withdrawn", 0), ("closed", 1_500 * KR), ("lapsed", 5_000 * KR)),
            by_state=(("modtaget", 1), ("under behandling", 1), ("afventer oplysninger", 0),
                      ("bevilget", 2), ("afslået", 2), ("trukket tilbage", 1),
                      ("afsluttet", 2), ("bortfaldet", 1)),
            months=tuple(MonthRow(name, received, grants, granted * KR, paid * KR)
                         for name, received, grants, granted, paid in (
                             ("januar", 3, 0, 0, 0), ("februar", 2, 2, 32_000, 0),
                             ("marts", 2, 1, 15_000, 18_500), ("april", 1, 1, 8_000, 15_000),
                             ("maj", 1, 1, 5_000, 2_000), ("juni", 1, 0, 0, 0))
                         ) + tuple(MonthRow(name, 0, 0, 0, 0) for name in (
                             "juli", "august", "september", "oktober", "november",
                             "december")),
            departments=(
                DepartmentRow("3 Solbakken", 4, 2, 28_000 * KR, 20_500 * KR, 100),
                DepartmentRow("7 Engparken", 4, 2, 17_000 * KR, 0, 40),
                DepartmentRow("12 Skovly", 2, 1, 15_000 * KR, 15_000 * KR, 30),
            ),
            purposes=(
                PurposeRow("Går på tværs af afdelinger", 6, 3, 40_000 * KR),
                PurposeRow("Ønskes igangsat med et kortere varsel", 2, 1, 5_000 * KR),
                PurposeRow("For en mindre gruppe", 3, 2, 20_000 * KR),
            ),
            purpose_cases=9,
            rejections=(("Aktiviteten er allerede gået i gang.", 1),
                        ("Uden for formålet.", 1)),
            open_grants=(
                OpenGrantRow("2025-0004", "3 Solbakken", "Julehygge i gården", 8_000 * KR,
                             2_000 * KR, date(2025, 12, 1), True),
                OpenGrantRow("2025-0002", "7 Engparken", "Fællesspisning", 12_000 * KR, 0,
                             date(2026, 3, 1), False),
            ),
            appendix=HAND_GRANTS,
            generated_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        )
        return replace(data, **overrides)

    return factory


@pytest.fixture
def make_grants():
    """Return a factory for n synthetic grants over 15 departments (for long lists)."""

    def factory(n: int) -> tuple[AppendixRow, ...]:
        return tuple(
            AppendixRow(f"2025-{i:04d}", f"{i % 15 + 1} Afdeling", f"Aktivitet nummer {i}",
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
