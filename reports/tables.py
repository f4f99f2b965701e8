"""Long tables that repeat their header on each page and split in linear time.

ReportLab's Table re-measures every remaining row each time it splits, which is quadratic for a
list of thousands of grants. Here the rows are wrapped and measured once, the running heights are
kept, and each page gets its own small Table: finding a page break is a bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

import pyphen
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from reports.styles import (
    CELL_PADDING,
    HYPHENATION_LANG,
    TABLE_LEADING,
    TABLE_SIZE,
    ZEBRA,
    grid_style,
    styles,
)

MAX_CELL_LINES = 30
SIDE_PADDING = 6  # LEFTPADDING + RIGHTPADDING of grid_style


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION_LANG)


def _hyphenate(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word too wide for the column at Danish hyphenation points, with a hyphen."""
    pieces: list[str] = []
    rest = word
    while stringWidth(rest, font, size) > width:
        for head, tail in _hyphenator().iterate(rest):  # longest head first
            if stringWidth(head + "-", font, size) <= width:
                pieces.append(head + "-")
                rest = tail
                break
        else:
            return []
    return [*pieces, rest]


def _hard_break(line: str, font: str, size: float, width: float) -> list[str]:
    """Cut a line with no spaces (a very long word) into pieces that fit the width: at Danish
    hyphenation points where there are any, else between characters."""
    hyphenated = _hyphenate(line, font, size, width)
    if hyphenated:
        return hyphenated
    pieces: list[str] = []
    current = ""
    for char in line:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces


def wrap_text(text: str, width: float, *, bold: bool = False) -> list[str]:
    """Wrap plain text to a column width in table type, breaking over-long words."""
    st = styles()
    font = st.bold if bold else st.font
    if stringWidth(text, font, TABLE_SIZE) <= width and "\n" not in text:
        return [text]
    lines: list[str] = []
    for line in simpleSplit(text, font, TABLE_SIZE, width):
        if stringWidth(line, font, TABLE_SIZE) > width:
            lines.extend(_hard_break(line, font, TABLE_SIZE, width))
        else:
            lines.append(line)
    if len(lines) > MAX_CELL_LINES:
        # A cell taller than a page could never be placed; mark the cut plainly.
        lines = lines[: MAX_CELL_LINES - 1] + ["…"]
    return lines or [""]


class _Body:
    """The measured rows of a PagedTable, shared by all its page-sized parts."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 col_widths: Sequence[float], wrap_columns: Sequence[int] | None,
                 numeric_columns: Sequence[int], total_row: Sequence[str] | None) -> None:
        self.col_widths = list(col_widths)
        self.numeric_columns = tuple(numeric_columns)
        self.has_total = total_row is not None
        all_rows = [*rows, total_row] if total_row is not None else rows
        # Departments and states repeat thousands of times; wrap each distinct value once.
        self._wrapped: dict[tuple[int, bool, str], list[str]] = {}
        if wrap_columns is None:
            wrap_columns = range(len(self.col_widths))
        wrap_columns = frozenset(wrap_columns)
        self.header, self.header_height = self._measure(header, range(len(header)), bold=True)
        self.rows: list[list[str]] = []
        heights: list[float] = []
        for row in all_rows:
            cells, height = self._measure(row, wrap_columns, bold=row is total_row)
            self.rows.append(cells)
            heights.append(height)
        self.heights = heights
        self.cumulative = [0.0, *accumulate(heights)]

    def _measure(self, row: Sequence[str], wrap_columns: frozenset[int] | range, *,
                 bold: bool) -> tuple[list[str], float]:
        cells: list[str] = []
        lines = 1
        for index, value in enumerate(row):
            if index in wrap_columns:
                key = (index, bold, value)
                wrapped = self._wrapped.get(key)
                if wrapped is None:
                    wrapped = wrap_text(value, self.col_widths[index] - SIDE_PADDING, bold=bold)
                    self._wrapped[key] = wrapped
                lines = max(lines, len(wrapped))
                cells.append("\n".join(wrapped))
            else:
                cells.append(value)
        return cells, lines * TABLE_LEADING + 2 * CELL_PADDING + 1

    def table(self, start: int, end: int) -> Table:
        last = end == len(self.rows)
        style = grid_style(numeric_columns=self.numeric_columns,
                           total_row=last and self.has_total)
        style.add("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA])
        return Table([self.header, *self.rows[start:end]], colWidths=self.col_widths,
                     rowHeights=[self.header_height, *self.heights[start:end]], style=style,
                     hAlign="LEFT")


class PagedTable(Flowable):
    """A table of plain strings with its header row repeated on every page it spans.

    Cells are wrapped to their column (all columns unless wrap_columns names some); the
    optional total row is printed in bold after the last row.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 col_widths: Sequence[float], *, wrap_columns: Sequence[int] | None = None,
                 numeric_columns: Sequence[int] = (), total_row: Sequence[str] | None = None,
                 _body: _Body | None = None, _start: int = 0) -> None:
        super().__init__()
        self.body = _body or _Body(header, rows, col_widths, wrap_columns, numeric_columns,
                                   total_row)
        self.start = _start
        self.spaceAfter = 6
        self.width = sum(self.body.col_widths)
        self.height = 0.0

    def _remaining_height(self) -> float:
        body = self.body
        return body.header_height + body.cumulative[-1] - body.cumulative[self.start]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Report the height of the header plus all rows not yet placed."""
        self.height = self._remaining_height()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return the rows that fit on this page as a Table, and the rest as a PagedTable."""
        body = self.body
        room = availHeight - body.header_height
        end = bisect_right(body.cumulative, body.cumulative[self.start] + room) - 1
        if end <= self.start:
            return []
        if end >= len(body.rows):
            return [body.table(self.start, len(body.rows))]
        rest = PagedTable((), (), (), _body=body, _start=end)
        return [body.table(self.start, end), rest]

    def draw(self) -> None:
        """Draw all remaining rows; only called when they fit in the frame."""
        table = self.body.table(self.start, len(self.body.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
