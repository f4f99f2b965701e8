"""The caseworker's queue: filters, sorting, paging, counts, overdue marks — in few queries."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from pulje.models import Department, Organisation, Pool
from pulje.services.invoices import register_invoice
from pulje.services.queries import departments_in_order
from pulje.services.queue import case_queue
from tests.factories import CASEWORKER, TODAY, invoice_input


@pytest.fixture
def cases(make_case):
    """Five cases in three states, two departments, different amounts and titles."""
    return {
        "a": make_case("submitted", requested=5_000_00, title="Sommerfest"),
        "b": make_case("in_review", requested=12_000_00, title="Højbede i gården",
                       applicant_name="Ole Sørensen"),
        "c": make_case("approved", requested=8_000_00, title="Fodboldturnering",
                       department_number="2"),
        "d": make_case("submitted", requested=1_000_00, title="100% hygge",
                       department_number="2"),
        "e": make_case("rejected", requested=3_000_00, title="Strikkeklub"),
    }


def refs(page):
    return [row.reference for row in page.rows]


def department_id(session, organisation, number):
    return session.exec(select(Department.id).where(
        Department.organisation_id == organisation.id, Department.number == number)).one()


def test_lists_every_case_newest_first_with_counts(session, organisation, cases):
    page = case_queue(session, organisation.id, today=TODAY)
    assert refs(page) == ["2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"]
    assert page.total == 5 and page.pages == 1
    assert page.counts["submitted"] == 2 and page.counts["approved"] == 1
    assert page.counts["closed"] == 0
    row = page.rows[2]
    assert (row.title, row.department, row.pool_year, row.granted) == (
        "Fodboldturnering", "2 Kildevang", 2026, 8_000_00)


def test_state_filter_keeps_the_counts_of_the_other_states(session, organisation, cases):
    page = case_queue(session, organisation.id, state="submitted", today=TODAY)
    assert refs(page) == ["2026-0004", "2026-0001"]
    assert page.total == 2
    assert page.counts["in_review"] == 1


def test_department_and_year_filters(session, organisation, cases):
    dept = department_id(session, organisation, "2")
    page = case_queue(session, organisation.id, department_id=dept, today=TODAY)
    assert refs(page) == ["2026-0004", "2026-0003"]
    assert sum(page.counts.values()) == 2
    assert case_queue(session, organisation.id, year=2025, today=TODAY).total == 0
    assert case_queue(session, organisation.id, year=2026, today=TODAY).total == 5


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-0003", ["2026-0003"]),
    ("ole sør", ["2026-0002"]),
    ("FODBOLD", ["2026-0003"]),
    ("100%", ["2026-0004"]),
    ("%", ["2026-0004"]),
    ("_", []),
    ("  ", ["2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"]),
])
def test_text_search_in_reference_applicant_and_title(session, organisation, cases, text,
                                                      expected):
    assert refs(case_queue(session, organisation.id, text=text, today=TODAY)) == expected


@pytest.mark.parametrize(("sort", "expected"), [
    ("oldest", ["2026-0001", "2026-0002", "2026-0003", "2026-0004", "2026-0005"]),
    ("reference_desc", ["2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"]),
    ("amount", ["2026-0002", "2026-0003", "2026-0001", "2026-0005", "2026-0004"]),
    ("amount_asc", ["2026-0004", "2026-0005", "2026-0001", "2026-0003", "2026-0002"]),
    ("nonsense", ["2026-0005", "2026-0004", "2026-0003", "2026-0002", "2026-0001"]),
])
def test_sorting(session, organisation, cases, sort, expected):
    assert refs(case_queue(session, organisation.id, sort=sort, today=TODAY)) == expected


def test_pages_of_the_given_size_and_clamped_page_numbers(session, organisation, cases):
    first = case_queue(session, organisation.id, sort="reference", per_page=2, today=TODAY)
    assert refs(first) == ["2026-0001", "2026-0002"]
    assert (first.pages, first.has_previous, first.has_next) == (3, False, True)
    last = case_queue(session, organisation.id, sort="reference", per_page=2, page=99,
                      today=TODAY)
    assert last.page == 3 and refs(last) == ["2026-0005"] and not last.has_next
    assert case_queue(session, organisation.id, per_page=2, page=-4, today=TODAY).page == 1


def test_other_organisations_cases_are_never_listed(session, organisation, cases):
    other = Organisation(name="Anden Bolig", legal_name="Anden Bolig", cvr="12345678")
    session.add(other)
    session.flush()
    assert case_queue(session, other.id, today=TODAY).total == 0
    assert case_queue(session, other.id, today=TODAY).rows == []


def test_undecided_case_whose_activity_started_is_overdue(session, organisation, cases):
    start = cases["a"].period_start
    before = {r.reference: r.overdue for r in case_queue(session, organisation.id,
                                                         today=start - timedelta(days=1)).rows}
    assert before["2026-0001"] is None
    after = {r.reference: r.overdue for r in case_queue(session, organisation.id,
                                                        today=start).rows}
    assert after["2026-0001"].startswith("Aktiviteten startede")
    assert after["2026-0002"] is not None  # in review
    assert after["2026-0003"] is None  # approved: waits for invoices, not for a decision
    assert after["2026-0005"] is None  # rejected: final


def test_grant_without_invoice_after_the_deadline_is_overdue(session, organisation, pool,
                                                             cases):
    deadline = cases["c"].period_end + timedelta(days=pool.invoice_deadline_days)

    def overdue(today):
        return {r.reference: r.overdue
                for r in case_queue(session, organisation.id, today=today).rows}["2026-0003"]

    assert overdue(deadline) is None
    assert overdue(deadline + timedelta(days=1)) == (
        f"Ingen faktura inden fristen {deadline:%d.%m.%Y}")
    # A refused invoice does not count; one that stands does.
    register_invoice(session, cases["c"], CASEWORKER, invoice_input(1_000_00, buyer_name="X"))
    assert overdue(deadline + timedelta(days=1)) is not None
    register_invoice(session, cases["c"], CASEWORKER, invoice_input(2_000_00))
    assert overdue(deadline + timedelta(days=1)) is None


def test_the_number_of_queries_does_not_grow_with_the_cases(session, organisation, make_case):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    for _ in range(12):
        make_case("submitted")
    engine = session.get_bind().engine
    # Once per engine the search asks what index it has and how large the organisation is.
    case_queue(session, organisation.id, text="sommer", today=date(2026, 12, 31))
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = case_queue(session, organisation.id, text="sommer", sort="amount",
                          today=date(2026, 12, 31))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(page.rows) == 12
    # Counts and rows, then the kept possible duplicates (all twelve look alike) with their
    # judgements in one query.
    assert len(statements) == 3


def test_pool_of_the_row_is_its_own_year(session, organisation, make_case):
    make_case("submitted")
    session.add(Pool(organisation_id=organisation.id, year=2025, total=1, cap=1,
                     rule_version="x", rule_approved_on=date(2023, 5, 15),
                     opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31)))
    session.flush()
    assert [r.pool_year for r in case_queue(session, organisation.id, today=TODAY).rows] == [2026]


def test_departments_for_the_filter_in_number_order(session, organisation):
    session.add(Department(organisation_id=organisation.id, number="10", name="Åhaven"))
    session.flush()
    assert [d.number for d in departments_in_order(session, organisation.id)] == [
        "1", "2", "3", "10"]
