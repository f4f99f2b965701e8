"""The board's grant list: 50 a page, every grant on exactly one page, in the chosen order,
and any page number or sort column from the address gives a page."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulje.services.grant_list import PAGE_SIZE, grant_page
from reports.year_data import AppendixRow

STATES = ("bevilget", "afsluttet", "bortfaldet")


def rows(n: int) -> list[AppendixRow]:
    return [AppendixRow(f"2026-{i:04d}", f"{i % 7} Afdeling", f"Aktivitet {i}", 10,
                        (i * 7919) % 20_000_00 + 100, 0, STATES[i % 3]) for i in range(1, n + 1)]


def all_pages(grants, **kwargs) -> list[AppendixRow]:
    first = grant_page(grants, page=1, **kwargs)
    return [row for page in range(1, first.pages + 1)
            for row in grant_page(grants, page=page, **kwargs).rows]


def test_pages_of_fifty_cover_every_grant_once():
    grants = rows(120)
    first, last = grant_page(grants, page=1), grant_page(grants, page=3)
    assert (first.pages, len(first.rows), len(last.rows)) == (3, PAGE_SIZE, 20)
    assert (first.first, first.last, last.first, last.last) == (1, 50, 101, 120)
    assert first.has_next and not first.has_previous and last.has_previous and not last.has_next
    assert all_pages(grants) == sorted(grants, key=lambda r: r.reference)


@pytest.mark.parametrize(("sort", "key"), [
    ("reference", lambda r: r.reference),
    ("department", lambda r: (r.department, r.reference)),
    ("amount", lambda r: (r.granted, r.reference)),
    ("state", lambda r: (r.state, r.reference)),
])
@pytest.mark.parametrize("descending", [False, True])
def test_each_column_sorts_the_whole_list(sort, key, descending):
    grants = rows(137)
    assert all_pages(grants, sort=sort, descending=descending) == sorted(
        grants, key=key, reverse=descending)


@given(page=st.one_of(st.none(), st.integers(-10**30, 10**30)),
       sort=st.one_of(st.none(), st.text(max_size=20)))
def test_any_page_and_sort_from_the_address_give_a_page(page, sort):
    grants = rows(75)
    shown = grant_page(grants, sort=sort, page=page)
    assert 1 <= shown.page <= shown.pages == 2
    assert shown.rows and shown.sort in {"reference", "department", "amount", "state"}
    if sort not in {"department", "amount", "state"}:
        assert shown.sort == "reference"


def test_an_empty_year_is_one_empty_page():
    shown = grant_page([], page=5, sort="amount")
    assert (shown.page, shown.pages, shown.rows, shown.first, shown.last) == (1, 1, (), 0, 0)


def test_a_new_report_is_listed_in_its_own_order():
    """Orders are kept per list of rows: the next report's grants are never shown in the
    order (or with the rows) of the one before."""
    before = rows(60)
    assert grant_page(before, sort="amount").rows == tuple(
        sorted(before, key=lambda r: (r.granted, r.reference))[:PAGE_SIZE])
    for _ in range(3):
        after = [AppendixRow(r.reference, r.department, r.title, r.participants,
                             1_000_000_00 - r.granted, r.paid, r.state) for r in rows(60)]
        assert all_pages(after, sort="amount", descending=True) == sorted(
            after, key=lambda r: (r.granted, r.reference), reverse=True)
        assert all_pages(before, sort="amount") == sorted(
            before, key=lambda r: (r.granted, r.reference))
