"""The A4 page frame of every document: organisation header, 'side X af N' footer, outline."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)

from reports.data import OrganisationInfo
from reports.fmt import esc
from reports.styles import INK, MUTED, RULE, styles

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
FOOTER_SIZE = 7.5
TOTAL_FORM = "pulje_total_pages"


class _TotalPagesCanvas(Canvas):
    """Canvas that writes the page total into a form XObject when the document is saved.

    Every footer refers to the form before the total is known; ReportLab resolves the
    reference at save time, so 'side X af N' costs one pass and no buffered pages.
    """

    def save(self) -> None:
        st = styles()
        self.beginForm(TOTAL_FORM)
        self.setFont(st.font, FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


class _LayoutOnlyCanvas(_TotalPagesCanvas):
    """A canvas for measuring: pages are laid out and drawn, but no PDF file is written.

    Writing the file (font subsets, compression) is a third of a rendering, and a page
    measurement needs only the layout.
    """

    def save(self) -> None:
        pass


class Heading(Paragraph):
    """A heading paragraph that also becomes an entry in the PDF outline (bookmarks)."""

    _keys = count(1)

    def __init__(self, text: str, style, level: int) -> None:
        super().__init__(esc(text), style)
        self.outline_title = text
        self.outline_level = level
        self.outline_key = f"h{next(self._keys)}"

    def draw(self) -> None:
        """Draw the heading and register it in the outline at its position."""
        super().draw()
        self.canv.bookmarkHorizontal(self.outline_key, 0, self.height)
        self.canv.addOutlineEntry(self.outline_title, self.outline_key, self.outline_level)


def title(text: str) -> Heading:
    """Return the document title (outline level 0)."""
    return Heading(text, styles().title, 0)


def section(text: str) -> Heading:
    """Return a section heading (outline level 1)."""
    return Heading(text, styles().h1, 1)


def subsection(text: str) -> Heading:
    """Return a subsection heading (outline level 2); only directly under a section."""
    return Heading(text, styles().h2, 2)


def section_before_long(text: str, *, level: int = 1, room: float = 120) -> list[Flowable]:
    """Return a heading for a long table: a new page only if less than `room` points are left.

    keepWithNext would glue the heading to a table taller than a page, and platypus then
    starts that pair on a fresh page, leaving the rest of the current page blank.
    """
    base = styles().h1 if level == 1 else styles().h2
    style = ParagraphStyle(f"{base.name}_loose", parent=base, keepWithNext=0)
    return [CondPageBreak(room), Heading(text, style, level)]


class ReportDocument(BaseDocTemplate):
    """A4 document with the organisation in the header and the page number in the footer."""

    def __init__(self, target, *, organisation: OrganisationInfo, title: str, subject: str,
                 footer: str) -> None:
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
            author=organisation.name, subject=subject, creator="pulje", lang="da-DK",
            displayDocTitle=True,
            # Otherwise the canvas starts in (unembedded) Helvetica and names it on every page.
            initialFontName=styles().font, initialFontSize=9, initialLeading=11,
        )
        self.organisation = organisation
        self.footer = footer
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        self.last_bottom: float | None = None

    def afterFlowable(self, flowable: Flowable) -> None:
        """Remember the height left under the last flowable drawn (its bottom edge).

        The frame has already taken the flowable's space-after off its cursor, but a later
        flowable that would fit without that space is refused only at the edge itself.
        """
        frame = self.frame
        if frame is not None and not isinstance(flowable, ActionFlowable):
            self.last_bottom = frame._y + flowable.getSpaceAfter() - frame._y1p

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        st = styles()
        canv.saveState()
        top = PAGE_HEIGHT - 12 * mm
        canv.setFillColor(INK)
        canv.setFont(st.bold, 10)
        canv.drawString(MARGIN_X, top, self.organisation.name)
        canv.setFont(st.font, FOOTER_SIZE)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, top - 10, self.organisation.address)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 15, PAGE_WIDTH - MARGIN_X, top - 15)
        bottom = 12 * mm
        canv.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
        canv.drawString(MARGIN_X, bottom, self.footer)
        # "side X af " ends where the total (drawn later as a form) begins.
        total_x = PAGE_WIDTH - MARGIN_X - stringWidth("999", st.font, FOOTER_SIZE)
        canv.drawRightString(total_x, bottom, f"side {canv.getPageNumber()} af ")
        canv.translate(total_x, bottom)
        canv.doForm(TOTAL_FORM)
        canv.restoreState()


@dataclass(frozen=True)
class Rendered:
    """A finished PDF and how many pages it has."""

    pdf: bytes
    pages: int
    room_below: float = 0.0  # points left under the last flowable on the last page


def render(story: Iterable[Flowable], *, organisation: OrganisationInfo, title: str,
           subject: str, footer: str, layout_only: bool = False) -> Rendered:
    """Lay out the story on A4 pages and return the PDF bytes and page count.

    With ``layout_only`` the pages are laid out exactly the same but no PDF is written
    (``pdf`` is empty): for measuring.
    """
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, organisation=organisation, title=title, subject=subject,
                         footer=footer)
    doc.build(list(story), canvasmaker=_LayoutOnlyCanvas if layout_only else _TotalPagesCanvas)
    return Rendered(buffer.getvalue(), doc.page, doc.last_bottom or 0.0)
