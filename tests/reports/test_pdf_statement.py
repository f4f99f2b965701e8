"""The case statement: grant, invoices with refusal reasons, payments, balance, history."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from reports.data import AuditLine
from reports.statement import build_case_statement_pdf


def test_statement_shows_balance(make_statement, pdf_text):
    text = pdf_text(build_case_statement_pdf(make_statement()))
    assert "Sagsoversigt 2025-0007" in text
    assert "Status: bevilget" in text
    assert "Ansøgt 20.000,00 kr." in text
    assert "Bevilget 18.500,00 kr." in text
    assert "Udbetalt 7.950,00 kr." in text
    assert "Tilbage af bevillingen 10.550,00 kr." in text
    assert "Frigivet til puljen 0,00 kr." in text


def test_statement_lists_invoices_with_state_and_refusal_reason(make_statement, pdf_text):
    text = pdf_text(build_case_statement_pdf(make_statement()))
    assert "Festudlejning ApS (CVR 87654321)" in text
    assert "F-1001 16. juni 2025 7.950,00 kr. betalt" in text
    assert "afvist" in text
    assert "Fakturaen lyder ikke på DOMI Bolig - Boligorganisation." in text


def test_statement_lists_payments_with_sum(make_statement, pdf_text):
    text = pdf_text(build_case_statement_pdf(make_statement()))
    assert "30. juni 2025 Festudlejning ApS F-1001 7.950,00 kr. UDB-2025-031" in text
    assert "I alt 7.950,00 kr." in text


def test_history_is_shown_in_copenhagen_time(make_statement, pdf_text):
    summer = AuditLine(datetime(2025, 6, 30, 12, 0, tzinfo=UTC), "sagsbehandler Mette Hansen",
                       "udbetalt", None, None, "Betalt til leverandør")
    base = make_statement()
    pdf = build_case_statement_pdf(make_statement(audit=(*base.audit, summer)))
    text = pdf_text(pdf)
    assert "3. marts 2025 kl. 10.15" in text  # UTC+1 in winter
    assert "30. juni 2025 kl. 14.00" in text  # UTC+2 in summer
    assert "under behandling → bevilget" in text
    assert "– → modtaget" in text
    assert "Bevilget 18.500 kr." in text


def test_empty_statement_says_so(make_statement, pdf_text):
    data = make_statement(invoices=(), payments=(), paid=0, remaining=18_500_00, audit=())
    text = pdf_text(build_case_statement_pdf(data))
    assert "Der er ikke registreret nogen fakturaer." in text
    assert "Der er ikke udbetalt noget endnu." in text
    assert "Ingen hændelser." in text


def test_closed_case_shows_released(make_statement, pdf_text):
    data = make_statement(state="afsluttet", remaining=0, released=10_550_00)
    text = pdf_text(build_case_statement_pdf(data))
    assert "Status: afsluttet" in text
    assert "Frigivet til puljen 10.550,00 kr." in text


def test_long_history_repeats_its_header_and_numbers_pages(make_statement, pdf_pages):
    at = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    audit = tuple(AuditLine(at, "ansøger", "besked", None, None, f"Besked nummer {i}")
                  for i in range(120))
    pdf = build_case_statement_pdf(make_statement(audit=audit))
    pages = pdf_pages(pdf)
    assert len(pages) > 2
    for number, text in enumerate(pages[1:], start=2):
        assert "Tidspunkt Hvem Handling Status Bemærkning" in text
        assert f"side {number} af {len(pages)}" in text
    assert "Besked nummer 119" in pages[-1]
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Sagsoversigt 2025-0007: Fælles sommerfest på græsplænen"
    assert meta.author == "DOMI Bolig"
    assert meta.subject.startswith("Sagsoversigt for ansøgning 2025-0007")
