"""Long tables that repeat their header on each page and split in linear time.

ReportLab's Table re-measures every remaining row each time it splits, which is quadratic for a
list of thousands of grants. Here the rows are wrapped and measured once, the running heights are
kept, and finding a page break is a bisection.

Each page's part is drawn by ``_Rows``, not a ReportLab Table: the same look as the Table with
``grid_style`` and zebra rows (shaded header, light rule under each row, cells padded 3/2 points,
top-aligned, numeric columns right-aligned, a bold total row under a dark rule), but all the
page's cells in one PDF text object, with each distinct string encoded and measured once per
document. A Table draws every cell line as a text object of its own, which was most of the
yearly report's time at 10.000 grants.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

import pyphen
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.utils import _simpleSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from reports.styles import (
    CELL_PADDING,
    CELL_SIDE_PADDING,
    HEADER_BG,
    HYPHENATION_LANG,
    INK,
    RULE,
    TABLE_LEADING,
    TABLE_SIZE,
    ZEBRA,
    styles,
)

MAX_CELL_LINES = 30
SIDE_PADDING = 2 * CELL_SIDE_PADDING  # left and right of a cell
RULE_WIDTH = 0.25  # under every row
TOTAL_RULE_WIDTH = 0.75  # above the total row


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION_LANG)


def _hyphenate(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word too wide for the column at Danish hyphenation points, with a hyphen."""
    pieces: list[str] = []
    rest = word
    while stringWidth(rest, font, size) > width:
        if not any(char.isalpha() for char in rest):
            # Every pattern of the dictionary has a letter: no point in "2025-00001".
            return []
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
    # Each piece is the longest run of characters that fits, at least one: widths only grow
    # with the run, so the end is found by bisection.
    pieces: list[str] = []
    start = 0
    while start < len(line):
        fits = bisect_right(range(start + 1, len(line) + 1), width,
                            key=lambda end: stringWidth(line[start:end], font, size))
        end = start + max(fits, 1)
        pieces.append(line[start:end])
        start = end
    return pieces or [""]


def wrap_text(text: str, width: float, *, bold: bool = False,
              word_widths: dict[str, float] | None = None) -> list[str]:
    """Wrap plain text to a column width in table type, breaking over-long words.

    ``word_widths`` keeps the widths of words already measured in the same font (a table's
    titles share most of their words); it is filled as the text is wrapped.
    """
    st = styles()
    font = st.bold if bold else st.font
    if "\n" not in text and stringWidth(text, font, TABLE_SIZE) <= width:
        return [text]
    widths = {} if word_widths is None else word_widths

    def measure(word: str) -> float:
        known = widths.get(word)
        if known is None:
            known = widths[word] = stringWidth(word, font, TABLE_SIZE)
        return known

    lines: list[str] = []
    # ReportLab's simpleSplit, line by line, with the widths kept: it measures every word.
    for part in text.split("\n"):
        for line in _simpleSplit(part, width, measure) if width else [part]:
            # A line of one word is one measured already; a longer one is new.
            too_wide = (measure(line) if " " not in line
                        else stringWidth(line, font, TABLE_SIZE)) > width
            if too_wide:
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
        self.col_positions = [0.0, *accumulate(self.col_widths)]
        self.numeric_columns = frozenset(numeric_columns)
        self.has_total = total_row is not None
        all_rows = [*rows, total_row] if total_row is not None else rows
        # Departments and states repeat thousands of times; wrap each distinct value once.
        self._wrapped: dict[tuple[int, bool, str], list[str]] = {}
        self._word_widths: dict[bool, dict[str, float]] = {False: {}, True: {}}
        if wrap_columns is None:
            wrap_columns = range(len(self.col_widths))
        wrap_columns = frozenset(wrap_columns)
        self.header, self.header_height = self._measure(header, range(len(header)), bold=True)
        self.rows: list[list[list[str]]] = []
        heights: list[float] = []
        for row in all_rows:
            cells, height = self._measure(row, wrap_columns, bold=row is total_row)
            self.rows.append(cells)
            heights.append(height)
        self.heights = heights
        self.cumulative = [0.0, *accumulate(heights)]
        # Per document: each distinct (column, font, line) placed in its cell and encoded.
        self._doc: object = None
        self._placed: dict[tuple[int, str, str], tuple[str, tuple[tuple[int, str], ...]]] = {}

    def _measure(self, row: Sequence[str], wrap_columns: frozenset[int] | range, *,
                 bold: bool) -> tuple[list[list[str]], float]:
        cells: list[list[str]] = []
        lines = 1
        for index, value in enumerate(row):
            if index in wrap_columns:
                key = (index, bold, value)
                wrapped = self._wrapped.get(key)
                if wrapped is None:
                    wrapped = wrap_text(value, self.col_widths[index] - SIDE_PADDING, bold=bold,
                                        word_widths=self._word_widths[bold])
                    self._wrapped[key] = wrapped
                lines = max(lines, len(wrapped))
                cells.append(wrapped)
            else:
                cells.append(value.split("\n"))
        return cells, lines * TABLE_LEADING + 2 * CELL_PADDING + 1

    def height(self, start: int, end: int) -> float:
        return self.header_height + self.cumulative[end] - self.cumulative[start]

    def _place(self, column: int, font: str, line: str,
               doc: object) -> tuple[str, tuple[tuple[int, str], ...]]:
        """A cell line's x position (right-aligned in numeric columns) and its PDF text
        operators per font subset, as TextObject writes them.

        Subsets are assigned per document the first time a character is seen and never
        change, so a line's operators can be kept for the rest of the document.
        """
        key = (column, font, line)
        placed = self._placed.get(key)
        if placed is None:
            if column in self.numeric_columns:
                x = (self.col_positions[column + 1] - CELL_SIDE_PADDING
                     - stringWidth(line, font, TABLE_SIZE))
            else:
                x = self.col_positions[column] + CELL_SIDE_PADDING
            chunks = tuple((subset, f"({escapePDF(part)}) Tj")
                           for subset, part in getFont(font).splitString(line, doc))
            placed = self._placed[key] = (fp_str(x), chunks)
        return placed

    def draw(self, canv, start: int, end: int) -> None:
        """Draw the header and rows ``start``..``end`` with the top-left corner at (0, height)."""
        if canv._doc is not self._doc:  # a new document numbers its font subsets anew
            self._doc, self._placed = canv._doc, {}
        doc = canv._doc
        st = styles()
        total = self.has_total and end == len(self.rows)
        width = self.col_positions[-1]
        heights = [self.header_height, *self.heights[start:end]]
        rows = [self.header, *self.rows[start:end]]
        fonts = [st.bold] + [st.font] * (end - start)
        if total:
            fonts[-1] = st.bold
        tops = [self.height(start, end)]
        for height in heights:
            tops.append(tops[-1] - height)
        canv.saveState()
        # Backgrounds: the header shaded, every second row (the second, fourth, …) zebra.
        canv.setFillColor(HEADER_BG)
        canv.rect(0, tops[0], width, -heights[0], stroke=0, fill=1)
        canv.setFillColor(ZEBRA)
        for index in range(2, len(rows), 2):
            canv.rect(0, tops[index], width, -heights[index], stroke=0, fill=1)
        # All cells in one text object, row by row and left to right as a Table draws them.
        canv.setFillColor(INK)
        text = canv.beginText()
        code = text._code  # the text object's operators; TextObject has no public append
        size = f"{fp_str(TABLE_SIZE)} Tf {fp_str(TABLE_LEADING)} TL"
        current: tuple[str, int] | None = None
        place = self._place
        for top, font, row in zip(tops, fonts, rows, strict=False):
            first = top - CELL_PADDING - TABLE_SIZE
            ys = [fp_str(first - n * TABLE_LEADING) for n in range(max(map(len, row)))]
            for column, lines in enumerate(row):
                for n, line in enumerate(lines):
                    x, chunks = place(column, font, line, doc)
                    code.append(f"1 0 0 1 {x} {ys[n]} Tm")
                    for subset, operator in chunks:
                        if current != (font, subset):
                            name = getFont(font).getSubsetInternalName(subset, doc)
                            code.append(f"{name} {size}")
                            current = (font, subset)
                        code.append(operator)
        canv.drawText(text)
        # Rules: a light one under every row, a dark one above the total row.
        canv.setLineCap(1)
        canv.setLineJoin(1)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(RULE_WIDTH)
        path = canv.beginPath()
        for y in tops[1:]:
            path.moveTo(0, y)
            path.lineTo(width, y)
        canv.drawPath(path, stroke=1, fill=0)
        if total:
            canv.setStrokeColor(INK)
            canv.setLineWidth(TOTAL_RULE_WIDTH)
            canv.line(0, tops[-2], width, tops[-2])
        canv.restoreState()


class _Rows(Flowable):
    """One page's part of a PagedTable: the header and the rows ``start``..``end``."""

    def __init__(self, body: _Body, start: int, end: int) -> None:
        super().__init__()
        self.body, self.start, self.end = body, start, end
        self.width = body.col_positions[-1]
        self.height = body.height(start, end)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.body.draw(self.canv, self.start, self.end)


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
        return self.body.height(self.start, len(self.body.rows))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Report the height of the header plus all rows not yet placed."""
        self.height = self._remaining_height()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return the rows that fit on this page, and the rest as a PagedTable."""
        body = self.body
        room = availHeight - body.header_height
        end = bisect_right(body.cumulative, body.cumulative[self.start] + room) - 1
        if end <= self.start:
            return []
        if end >= len(body.rows):
            return [_Rows(body, self.start, len(body.rows))]
        rest = PagedTable((), (), (), _body=body, _start=end)
        return [_Rows(body, self.start, end), rest]

    def draw(self) -> None:
        """Draw all remaining rows; only called when they fit in the frame."""
        self.body.draw(self.canv, self.start, len(self.body.rows))
