"""The board's list of a pool year's grants: one page of 50 at a time, sorted by one column.

The rows are the yearly report's appendix (each grant as of the report's day), so the list
and the figures above it agree; only the page the board looks at is rendered. The sort is
chosen from a fixed set of columns and any page number is brought inside the list, so a
hand-edited address shows a page, never an error.

The rows of a kept report (services.report_cache) are the same object from view to view, so
each column's order is sorted once per report and kept beside it (``MAX_ORDERS``); sorting
the 4.648 grants of a national-scale year on every view was the largest part of a view.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reports.year_data import AppendixRow

PAGE_SIZE = 50
MAX_ORDERS = 64

# Ties fall back to the reference, so every order is total and paging is stable.
SORT_KEYS: dict[str, Callable[[AppendixRow], tuple]] = {
    "reference": lambda row: (row.reference,),
    "department": lambda row: (row.department, row.reference),
    "amount": lambda row: (row.granted, row.reference),
    "state": lambda row: (row.state, row.reference),
}
DEFAULT_SORT = "reference"


@dataclass(frozen=True)
class GrantPage:
    rows: tuple[AppendixRow, ...]
    page: int
    pages: int
    total: int
    sort: str
    descending: bool

    @property
    def first(self) -> int:
        """The position (1-based) of the page's first row in the whole list."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def chosen_sort(sort: str | None) -> str:
    """``sort`` if it names a sortable column, else the default (by reference)."""
    return sort if sort in SORT_KEYS else DEFAULT_SORT


# (id of the rows, column) → (the rows themselves, their order ascending). The rows are kept
# in the entry, so their id cannot be reused by other rows while the entry lives.
_orders: OrderedDict[tuple[int, str], tuple[Sequence[AppendixRow], list[AppendixRow]]] = \
    OrderedDict()
_lock = threading.Lock()


def _ascending(rows: Sequence[AppendixRow], sort: str) -> list[AppendixRow]:
    key = (id(rows), sort)
    with _lock:
        kept = _orders.get(key)
    if kept is not None and kept[0] is rows:
        return kept[1]
    ordered = sorted(rows, key=SORT_KEYS[sort])
    with _lock:
        _orders[key] = (rows, ordered)
        _orders.move_to_end(key)
        while len(_orders) > MAX_ORDERS:
            _orders.popitem(last=False)
    return ordered


def grant_page(rows: Sequence[AppendixRow], *, sort: str | None = None,
               descending: bool = False, page: int | None = 1) -> GrantPage:
    """The ``page``-th 50 of ``rows`` ordered by ``sort``; the page is kept within the list."""
    sort = chosen_sort(sort)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page or 1, 1), pages)
    ordered = _ascending(rows, sort)
    # Every order ends with the reference, unique in a pool year: descending is the reverse.
    start = (page - 1) * PAGE_SIZE
    if descending:
        end = len(ordered) - start
        chosen = ordered[max(0, end - PAGE_SIZE):end][::-1]
    else:
        chosen = ordered[start:start + PAGE_SIZE]
    return GrantPage(rows=tuple(chosen), page=page, pages=pages,
                     total=len(rows), sort=sort, descending=descending)
