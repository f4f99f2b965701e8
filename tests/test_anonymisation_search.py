"""After anonymisation nothing the resident wrote or was is left: every table, every document
rendered from the case and every export is searched for the original text.

The resident uploads no files (the only stored files are the suppliers' invoices, kept as
bookkeeping), and no PDF is stored: each is rendered from the database when asked for, so the
documents searched here are the ones anyone would get after anonymisation."""

from __future__ import annotations

import io
import json
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel

from pulje.exports import payments_csv
from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.documents import application_data, case_statement_data, decision_letter_data
from pulje.services.exports import payment_rows
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.open_data import open_data_csv, open_data_package
from pulje.services.payments import record_payment
from pulje.services.privacy import anonymise_applicant, export_applicant
from pulje.services.year_report import build_year_report
from reports.application import build_application_pdf
from reports.letters import build_decision_letter_pdf
from reports.statement import build_case_statement_pdf
from reports.yearly import build_year_report_pdf
from tests.factories import CASEWORKER, TODAY, invoice_input

# Everything below was typed by (or is) the resident; none of it may survive.
ORIGINALS = ("Xenia", "Quist", "xenia.quist@beboer.example", "29 87 65 43", "Kløvervej 17",
             "jubilæumsfest", "diabetes", "Kage fra søsteren", "gæster fra opgangen",
             "Omkring tredive")


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def everything_in_the_database(session) -> str:
    session.flush()
    parts = []
    for table in SQLModel.metadata.sorted_tables:
        for row in session.execute(sa_select(table)).all():
            parts += [str(value) for value in row]
    return "\n".join(parts)


def test_nothing_the_resident_typed_survives_anonymisation(session, organisation, pool,
                                                           application_input,
                                                           make_case):
    from pulje.services.submission import BudgetLineInput, submit_application

    resident = Actor.resident("Xenia Quist")
    case = submit_application(session, organisation.id, application_input(
        applicant_name="Xenia Quist", applicant_email="xenia.quist@beboer.example",
        applicant_phone="29 87 65 43", applicant_address="Kløvervej 17, 8300 Odder",
        title="Xenias jubilæumsfest",
        purpose="Xenia Quist fylder rundt; hendes mand har diabetes, så der skal være sukkerfrit.",
        budget=[BudgetLineInput(description="Kage fra søsteren Quist", amount=6_000_00)]),
        today=TODAY)
    decisions.start_review(session, case, CASEWORKER)
    decisions.request_info(session, case, CASEWORKER, "Hvor mange gæster fra opgangen?")
    decisions.answer(session, case, resident, "Omkring tredive, mest familien Quist.")
    decisions.approve(session, case, CASEWORKER, 6_000_00, today=TODAY)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(6_000_00))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="search-1")
    decisions.close(session, case, CASEWORKER)
    other = make_case("approved")  # a neighbour's case keeps its own text

    before = everything_in_the_database(session)
    assert all(original in before for original in ORIGINALS)  # the search can find them

    anonymise_applicant(session, organisation.id, case.reference, CASEWORKER,
                        today=date(2026, 6, 1))
    session.expire_all()

    found = {"database": everything_in_the_database(session)}
    found["360giving.json"] = json.dumps(open_data_package(session, pool, TODAY),
                                         ensure_ascii=False)
    found["360giving.csv"] = open_data_csv(session, pool, TODAY)
    found["betalinger.csv"] = payments_csv(payment_rows(session, pool)).decode("utf-8-sig")
    found["applicant export"] = json.dumps(
        export_applicant(session, organisation.id, case.reference), ensure_ascii=False,
        default=str)
    found["årsrapport.pdf"] = pdf_text(build_year_report_pdf(
        build_year_report(session, pool, TODAY)))
    found["ansøgning.pdf"] = pdf_text(build_application_pdf(application_data(session, case)))
    found["brev.pdf"] = pdf_text(build_decision_letter_pdf(decision_letter_data(session, case)))
    found["sagsoversigt.pdf"] = pdf_text(build_case_statement_pdf(
        case_statement_data(session, case)))
    leaks = [(where, original) for where, text in found.items() for original in ORIGINALS
             if original.casefold() in text.casefold()]
    assert leaks == []
    # The neighbour's case and the books are untouched.
    session.refresh(other)
    assert other.purpose == "En sommerfest på tværs af afdelingerne."
    assert "6.000,00 kr." in found["sagsoversigt.pdf"]
