"""R3 decided by the document: an application the form accepts prints on one page in every
later PDF, one it refuses does not, and "forkort med ca. N tegn" is the cut that fits."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlmodel import Session, SQLModel, create_engine

from pulje.models import Department, Organisation, Pool, RuleSet
from pulje.services.documents import draft_application_data
from pulje.services.submission import ApplicationInput, BudgetLineInput, one_page_problem
from reports.application import build_application_pdf, measure_page, page_count

ORGANISATION = Organisation(id=1, name="DOMI Bolig", legal_name="DOMI Bolig - Boligorganisation",
                            cvr="30000005", address="Søndergade 1, 8000 Aarhus C")
POOL = Pool(id=1, organisation_id=1, year=2026, total=100_000_00, cap=20_000_00,
            rule_version="Retningslinjer for pulje til understøttelse af fællesskaber",
            rule_approved_on=date(2023, 5, 15), opens_on=date(2026, 1, 1),
            closes_on=date(2026, 12, 31))
DEPARTMENT = Department(id=1, organisation_id=1, number="12", name="Søvangen og Ørnereden")
# The pool's purposes are its rule set's (the guideline's three): the documents read them from the
# pool's session, so the pool lives in a small database of its own.
RULES = RuleSet(pool_id=1, version=1, valid_from=date(2026, 1, 1), total=POOL.total, cap=POOL.cap,
                purposes_json=json.dumps(["går på tværs af afdelinger",
                                          "ønskes igangsat med et kortere varsel",
                                          "for en mindre gruppe"]),
                invoice_deadline_days=90, title=POOL.rule_version, approved_on=date(2023, 5, 15))
_ENGINE = create_engine("sqlite://")
SQLModel.metadata.create_all(_ENGINE)
SESSION = Session(_ENGINE)
SESSION.add_all([ORGANISATION, POOL, DEPARTMENT, RULES])
SESSION.flush()
# The receipts that print the widest and a plain status line, both real.
RECEIVED = (("2026-0001", datetime(2026, 3, 1, 9, 5, tzinfo=UTC)),
            ("2026-0888", datetime(2026, 9, 28, 20, 48, tzinfo=UTC)))

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåÆØÅé"
words = st.text(alphabet=LETTERS, min_size=1, max_size=60)
separators = st.sampled_from([" ", " ", " ", "\n", "\n\n", ", "])


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def application(purpose: str, budget: list[str]) -> ApplicationInput:
    return ApplicationInput(
        department_number="12", applicant_name="Søren Ærø Åberg",
        applicant_address="Skovvænget 3, 1. th., 8210 Aarhus V",
        applicant_email="soren@example.dk", applicant_phone="12 34 56 78",
        title="Fælles sommerfest på græsplænen", purpose=purpose, expected_participants=120,
        period_start=date(2026, 6, 14), period_end=date(2026, 6, 15), across_departments=True,
        budget=[BudgetLineInput(description=text, amount=100_00) for text in budget])


def finals(data: ApplicationInput):
    """Every form the application is later printed in: with a case number, once received."""
    draft = draft_application_data(data, ORGANISATION, POOL, DEPARTMENT)
    return [replace(draft, reference=reference, submitted_at=at) for reference, at in RECEIVED]


@st.composite
def near_the_limit(draw):
    pieces = draw(st.lists(st.tuples(words, separators), min_size=20, max_size=120))
    text = "".join(word + sep for word, sep in pieces)
    while len(text) < 4000:
        text += text
    budget = draw(st.lists(st.text(alphabet=LETTERS + " ", min_size=1, max_size=120)
                           .map(str.strip).filter(bool), min_size=1, max_size=25))
    # Aim at the boundary itself: the longest prefix that fits, give or take a few lines.
    whole = draft_application_data(application(text, budget), ORGANISATION, POOL, DEPARTMENT)
    fit = measure_page(whole)
    boundary = len(text) - fit.cut if fit.cut is not None else 0
    length = max(0, boundary + draw(st.integers(-120, 120)))
    return text[:length].strip(), budget


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_the_limit())
def test_accepted_exactly_when_every_printed_application_has_one_page(case):
    purpose, budget = case
    data = application(purpose, budget)
    accepted = one_page_problem(None, data, ORGANISATION, POOL, DEPARTMENT) is None
    printed = [pdf_pages(build_application_pdf(final)) for final in finals(data)]
    assert accepted == all(pages == 1 for pages in printed), printed
    draft = draft_application_data(data, ORGANISATION, POOL, DEPARTMENT)
    fit = measure_page(draft)
    assert fit.fits == accepted
    if not accepted and fit.cut is not None:
        kept = len(purpose) - fit.cut
        assert page_count(replace(draft, purpose=purpose[:kept])) == 1
        # Right to the character: one more would not fit.
        assert page_count(replace(draft, purpose=purpose[:kept + 1])) == 2


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 400))
def test_the_room_left_is_about_right(shortfall):
    text = "Vi vil samle beboerne til kaffe og kage i gården, og børnene får lege. " * 60
    whole = draft_application_data(application(text, ["Kaffe og kage"]), ORGANISATION, POOL,
                                   DEPARTMENT)
    boundary = len(text) - measure_page(whole).cut
    short = replace(whole, purpose=text[:boundary - shortfall])
    room = measure_page(short).room
    assert abs(room - shortfall) <= 80  # about one line of text
    assert page_count(replace(whole, purpose=text[:boundary - shortfall + room - 80])) == 1


def test_a_refused_application_says_to_cut_what_makes_it_fit():
    # Without the last space: the service strips what it is given, and the cut is counted
    # on what it measured.
    text = ("Fællesskab på tværs af opgangene, med mad og musik for alle. " * 80).strip()
    problem = one_page_problem(None, application(text, ["Mad"]), ORGANISATION, POOL,
                               DEPARTMENT)
    assert problem is not None and problem.field == "purpose"
    cut = int(problem.message.split("ca. ")[1].split(" ")[0].replace(".", ""))
    shorter = application(text[:len(text) - cut].strip(), ["Mad"])
    assert one_page_problem(None, shorter, ORGANISATION, POOL, DEPARTMENT) is None
    assert all(pdf_pages(build_application_pdf(final)) == 1 for final in finals(shorter))
