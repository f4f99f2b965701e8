"""The one-page application the board sees (R3, R4, R5), and the page check the form relies on.

R3 is decided by this renderer: the form's check renders the application as every later PDF
will print it. The one line that changes after submission, the status line with the case
number and the time of receipt, always takes the height of its widest possible form, so the
draft and every later print of it stand exactly as tall on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from babel.dates import get_month_names
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.data import ApplicationData
from reports.fmt import esc, format_instant, format_money, format_number, format_period
from reports.layout import CONTENT_WIDTH, FRAME_HEIGHT, Heading, Rendered, render, title
from reports.styles import (
    CELL_PADDING,
    HEADER_BG,
    RULE,
    SMALL_SIZE,
    TABLE_SIZE,
    grid_style,
    styles,
)

TICKED = "☒"
UNTICKED = "☐"
AMOUNT_WIDTH = 95


def _heading(text: str) -> Heading:
    return Heading(text, styles().h2, 1)


def _status_line(data: ApplicationData) -> str:
    if data.reference is None:
        state = "Kladde – ikke indsendt"
    elif data.submitted_at is None:
        state = f"Sagsnummer {data.reference}"
    else:
        state = f"Sagsnummer {data.reference} · modtaget {format_instant(data.submitted_at)}"
    return f"{state} · efter »{data.rule_version}«"


def widest_status_line(rule_version: str) -> str:
    """The status line at its widest: every digit the widest digit, the widest month name.

    References are 'YYYY-NNNN' (five digits allowed for), instants 'd. MMMM y kl. HH.MM'.
    Each word is at least as wide as its counterpart in any real status line, so the line
    wraps into at least as many lines.
    """
    st = styles()
    digit = max("0123456789", key=lambda d: stringWidth(d, st.font, SMALL_SIZE))
    month = max(get_month_names("wide", locale="da_DK").values(),
                key=lambda m: stringWidth(m, st.font, SMALL_SIZE))
    received = f"{digit * 2}. {month} {digit * 4} kl. {digit * 2}.{digit * 2}"
    return (f"Sagsnummer {digit * 4}-{digit * 5} · modtaget {received} · "
            f"retningslinjer: {rule_version}")


class _AtLeastAsTallAs(Flowable):
    """A paragraph that takes the height of a reserve text when that is taller."""

    def __init__(self, shown: Paragraph, reserve: Paragraph) -> None:
        super().__init__()
        self.shown, self.reserve = shown, reserve

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.shown.wrap(avail_width, avail_height)
        self.width, self.height = width, max(height, self.reserve.wrap(avail_width,
                                                                       avail_height)[1])
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.shown.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab's name)
        return self.shown.getSpaceAfter()

    def draw(self) -> None:
        self.shown.drawOn(self.canv, 0, self.height - self.shown.height)


def _status(data: ApplicationData) -> Flowable:
    st = styles()
    return _AtLeastAsTallAs(Paragraph(esc(_status_line(data)), st.small),
                            Paragraph(esc(widest_status_line(data.rule_version)), st.small))


def _applicant(data: ApplicationData) -> Table:
    st = styles()
    label_width = 55
    value_width = CONTENT_WIDTH / 2 - label_width

    def cell(text: str, bold: bool = False) -> Paragraph:
        return Paragraph(esc(text), st.cell_bold if bold else st.cell)

    rows = [
        [cell("Navn", True), cell(data.applicant_name), cell("Afdeling", True),
         cell(data.department)],
        [cell("Adresse", True), cell(data.applicant_address), cell("E-mail", True),
         cell(data.applicant_email)],
        [cell("Telefon", True), cell(data.applicant_phone), "", ""],
    ]
    table = Table(rows, colWidths=[label_width, value_width] * 2, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.font, TABLE_SIZE),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
        ("BACKGROUND", (2, 0), (2, -1), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return table


def _budget(data: ApplicationData) -> Table:
    st = styles()
    rows: list[list] = [["Post", "Beløb"]]
    for line in data.budget_lines:
        rows.append([Paragraph(esc(line.description), st.cell),
                     Paragraph(format_money(line.amount), st.cell_right)])
    total = sum(line.amount for line in data.budget_lines)
    rows.append(["I alt", format_money(total)])
    if total != data.requested:
        rows.append(["Ansøgt beløb", format_money(data.requested)])
    table = Table(rows, colWidths=[CONTENT_WIDTH - AMOUNT_WIDTH, AMOUNT_WIDTH], repeatRows=1,
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(grid_style(numeric_columns=(1,), total_row=True))
    return table


# A rule set's purpose completes "Aktiviteten …"; one that starts with a preposition ("for en
# mindre gruppe") has no verb of its own and reads "Aktiviteten er for en mindre gruppe".
PREPOSITIONS = frozenset({"af", "blandt", "for", "fra", "i", "med", "mellem", "om", "på", "til",
                          "uden", "under", "ved"})


def as_clause(purpose: str) -> str:
    first = purpose.split(maxsplit=1)[0].lower() if purpose.strip() else ""
    return f"er {purpose}" if first in PREPOSITIONS else purpose


def _purposes(data: ApplicationData) -> list[Flowable]:
    st = styles()
    lines = []
    for attribute, label in data.purpose_labels:
        mark = TICKED if getattr(data, attribute) else UNTICKED
        lines.append(f"{mark} Aktiviteten {as_clause(label)}")
    return [Paragraph("<br/>".join(esc(line) for line in lines), st.body)]


def _story(data: ApplicationData) -> list[Flowable]:
    st = styles()
    return [
        title(f"Ansøgning om støtte fra fællesskabspuljen {data.pool_year}"),
        _status(data),
        _heading("1. Ansøger"),
        _applicant(data),
        _heading("2. Formål og aktivitet"),
        Paragraph(f"<b>{esc(data.title)}</b>", st.body),
        Paragraph(esc(data.purpose), st.body),
        _heading("3. Forventet antal deltagere"),
        Paragraph(format_number(data.expected_participants), st.body),
        _heading("4. Periode"),
        Paragraph(esc(format_period(data.period_start, data.period_end)), st.body),
        _heading("5. Økonomi"),
        _budget(data),
        _heading("Puljens formål (mindst ét skal passe)"),
        *_purposes(data),
    ]


def _render(data: ApplicationData, layout_only: bool = False) -> Rendered:
    name = data.reference or "kladde"
    return render(
        _story(data),
        organisation=data.organisation,
        title=f"Ansøgning {name}: {data.title}",
        subject=f"Ansøgning om støtte fra fællesskabspuljen {data.pool_year}",
        footer=f"Ansøgning {name}",
        layout_only=layout_only,
    )


def build_application_pdf(data: ApplicationData) -> bytes:
    """Render the application as the PDF the board sees."""
    return _render(data).pdf


def page_count(data: ApplicationData) -> int:
    """Return how many A4 pages the application takes when actually rendered (R3: max 1)."""
    return _render(data, layout_only=True).pages


def overflow_chars(data: ApplicationData) -> int | None:
    """Return how many characters the purpose must lose to fit one page.

    0 when it already fits; None when even an empty purpose would not fit (then the budget or
    other fields are too long).
    """
    return measure_page(data).cut


# A Danish sentence for the width of an average character while the purpose is still short.
_SAMPLE = ("Vi vil samle beboerne i gården til en eftermiddag med kaffe, kage og lege for "
           "børnene, så naboerne lærer hinanden bedre at kende.")
_FUZZ = 1e-6  # platypus' own tolerance when it decides whether a flowable fits


@dataclass(frozen=True)
class PageFit:
    """How the application fills its one page, measured by rendering it."""

    fits: bool
    pages: float  # pages filled, e.g. 0.8 or 1.2
    room: int  # about how many more characters the purpose can take (0 when it does not fit)
    cut: int | None  # characters to cut from the purpose; None when no purpose would fit


def _purpose_paragraph(purpose: str) -> Paragraph:
    paragraph = Paragraph(esc(purpose), styles().body)
    paragraph.wrap(CONTENT_WIDTH, FRAME_HEIGHT)
    return paragraph


def _lines(purpose: str) -> int:
    paragraph = _purpose_paragraph(purpose)
    return round(paragraph.height / paragraph.style.leading)


def _room_on_last_line(paragraph: Paragraph) -> float:
    lines = getattr(paragraph, "blPara", None)
    if lines is None or not lines.lines:
        return CONTENT_WIDTH
    last = lines.lines[-1]
    return max(getattr(last, "extraSpace", None) or (last[0] if isinstance(last, tuple) else 0),
               0)


def measure_page(data: ApplicationData) -> PageFit:
    """Measure how much room the purpose has on the one page (R3), with one rendering.

    Only the purpose's height changes as it grows, in whole lines of the body style: the
    application without its purpose is rendered once, and the purpose fits as long as its
    lines fill no more than the height left under the last block of that rendering.
    """
    st = styles()
    leading = st.body.leading
    without = _render(replace(data, purpose=""), layout_only=True)
    paragraph = _purpose_paragraph(data.purpose)
    lines = round(paragraph.height / leading)
    filled = without.pages - 1 + (FRAME_HEIGHT - without.room_below + lines * leading) \
        / FRAME_HEIGHT
    if without.pages > 1:
        return PageFit(fits=False, pages=filled, room=0, cut=None)
    spare = int((without.room_below + _FUZZ) // leading)
    sample = data.purpose if len(data.purpose) >= len(_SAMPLE) else _SAMPLE
    char_width = stringWidth(sample, st.font, st.body.fontSize) / len(sample)
    if lines <= spare:
        room_width = (spare - lines) * CONTENT_WIDTH + (
            _room_on_last_line(paragraph) if lines else 0)
        return PageFit(fits=True, pages=filled, room=int(room_width / char_width), cut=0)
    fits, too_long = 0, len(data.purpose)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if _lines(data.purpose[:middle]) <= spare:
            fits = middle
        else:
            too_long = middle
    return PageFit(fits=False, pages=filled, room=0, cut=len(data.purpose) - fits)
