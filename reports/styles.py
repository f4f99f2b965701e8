"""Paragraph and table styles shared by all documents."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from reports.fonts import register_fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#9aa5b1")
HEADER_BG = colors.HexColor("#e4e7eb")
ZEBRA = colors.HexColor("#f5f7fa")
CHART_COLOURS = (
    colors.HexColor("#1d4e89"),
    colors.HexColor("#2f8f5b"),
    colors.HexColor("#d08c1e"),
    colors.HexColor("#7b8794"),
    colors.HexColor("#6c4ab6"),
)

HYPHENATION_LANG = "da_DK"
BODY_SIZE = 9.5
SMALL_SIZE = 8
TABLE_SIZE = 8
TABLE_LEADING = 10
CELL_PADDING = 2  # above and below a cell's text
CELL_SIDE_PADDING = 3  # left and right of it


@dataclass(frozen=True)
class Styles:
    """The named paragraph styles of the documents."""

    font: str
    bold: str
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle


@cache
def styles() -> Styles:
    """Return the paragraph styles, registering the fonts on first use."""
    font, bold = register_fonts()
    # splitLongWords breaks words wider than the column instead of letting them overflow.
    body = ParagraphStyle(
        "body", fontName=font, fontSize=BODY_SIZE, leading=12.5, textColor=INK,
        spaceAfter=4, splitLongWords=1,
    )
    # In narrow table columns long Danish words (department names, compounds) are hyphenated
    # where Danish allows (pyphen's da_DK patterns); splitting is the last resort.
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=TABLE_SIZE, leading=TABLE_LEADING, spaceAfter=0,
        hyphenationLang=HYPHENATION_LANG, embeddedHyphenation=1,
    )
    return Styles(
        font=font,
        bold=bold,
        title=ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=15, leading=19, textColor=ACCENT,
            spaceAfter=6,
        ),
        h1=ParagraphStyle(
            "h1", parent=body, fontName=bold, fontSize=12, leading=15, textColor=ACCENT,
            spaceBefore=8, spaceAfter=4, keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=bold, fontSize=10, leading=13, spaceBefore=5,
            spaceAfter=2, keepWithNext=1,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=SMALL_SIZE, leading=10,
                             textColor=MUTED),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3,
                              bulletFontName=font, spaceAfter=3),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=bold),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
    )


def grid_style(*, numeric_columns: tuple[int, ...] = (), total_row: bool = False) -> TableStyle:
    """Return the table style: shaded header row, light rules, right-aligned money columns.

    reports.tables draws its long tables' pages itself with this same look (colours, sizes,
    paddings and rules from the constants here): a change of look belongs in both.
    """
    st = styles()
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), st.font, TABLE_SIZE, TABLE_LEADING),
        ("FONT", (0, 0), (-1, 0), st.bold, TABLE_SIZE, TABLE_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_SIDE_PADDING),
    ]
    for column in numeric_columns:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    if total_row:
        commands.append(("FONT", (0, -1), (-1, -1), st.bold, TABLE_SIZE, TABLE_LEADING))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.75, INK))
    return TableStyle(commands)
