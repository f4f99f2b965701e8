"""Bar charts for the yearly report, drawn with reportlab.graphics."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fmt import format_money, format_number
from reports.styles import CHART_COLOURS, INK, MUTED, RULE, styles

BAR_PITCH = 18
LABEL_SIZE = 7.5
AXIS_HEIGHT = 22


def _fit_label(text: str, font: str, width: float) -> str:
    """Shorten a category label with an ellipsis so it fits left of the bars."""
    if stringWidth(text, font, LABEL_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", font, LABEL_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def horizontal_bars(labels: Sequence[str], values: Sequence[int], width: float, *,
                    label_width: float = 110, multicolour: bool = False) -> Drawing:
    """Return a horizontal bar chart of amounts in øre, first label on top, values at bar ends."""
    st = styles()
    count = len(labels)
    height = count * BAR_PITCH + AXIS_HEIGHT + 6
    drawing = Drawing(width, height)
    # The renderer's starting state is Helvetica unless the drawing names its own font.
    drawing.initialFontName = st.font
    drawing.initialFontSize = LABEL_SIZE
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = AXIS_HEIGHT
    chart.height = count * BAR_PITCH
    chart.width = width - label_width - 10
    # The chart draws its first category at the bottom; reverse so reading order is top-down.
    kroner = [value / 100 for value in reversed(values)]
    chart.data = [kroner]
    chart.categoryAxis.categoryNames = [
        _fit_label(label, st.font, label_width - 8) for label in reversed(labels)
    ]
    chart.categoryAxis.labels.fontName = st.font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.strokeColor = RULE
    top = max([*kroner, 1.0])
    chart.valueAxis.valueMin = 0
    # Head-room on the right so the amount printed after the longest bar stays inside.
    chart.valueAxis.valueMax = top * 1.3
    chart.valueAxis.labels.fontName = st.font
    chart.valueAxis.labels.fontSize = LABEL_SIZE - 1
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.labelTextFormat = lambda value: f"{format_number(int(round(value)))} kr."
    chart.valueAxis.strokeColor = RULE
    # No gridlines: they would run through the amounts printed after the bars.
    chart.valueAxis.visibleGrid = 0
    chart.barWidth = BAR_PITCH * 0.6
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = CHART_COLOURS[0]
    if multicolour:
        for index in range(count):
            colour = CHART_COLOURS[(count - 1 - index) % len(CHART_COLOURS)]
            chart.bars[(0, index)].fillColor = colour
    chart.barLabelFormat = lambda value: format_money(int(round(value * 100)))
    chart.barLabels.fontName = st.font
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


POOL_BAR_HEIGHT = 22
LEGEND_PITCH = 13


def pool_bar(parts: Sequence[tuple[str, int]], total_label: str, total: int,
             width: float) -> Drawing:
    """One stacked bar of the pool's parts (øre, non-negative) with a legend that sums to it."""
    st = styles()
    height = POOL_BAR_HEIGHT + 8 + LEGEND_PITCH * (len(parts) + 1)
    drawing = Drawing(width, height)
    drawing.initialFontName = st.font
    drawing.initialFontSize = LABEL_SIZE
    whole = sum(max(amount, 0) for _, amount in parts) or 1
    top = height - POOL_BAR_HEIGHT
    x = 0.0
    for index, (_, amount) in enumerate(parts):
        segment = width * max(amount, 0) / whole
        if segment > 0:
            drawing.add(Rect(x, top, segment, POOL_BAR_HEIGHT, strokeColor=None,
                             fillColor=CHART_COLOURS[index % len(CHART_COLOURS)]))
        x += segment
    amount_x = width * 0.62
    for index, (label, amount) in enumerate([*parts, (total_label, total)]):
        y = top - 8 - LEGEND_PITCH * (index + 1) + 3
        is_total = index == len(parts)
        font = st.bold if is_total else st.font
        if not is_total:
            drawing.add(Rect(0, y - 1, 9, 9, strokeColor=None,
                             fillColor=CHART_COLOURS[index % len(CHART_COLOURS)]))
        drawing.add(String(14, y, ("= " if is_total else "") + label, fontName=font,
                           fontSize=LABEL_SIZE + 1, fillColor=INK))
        drawing.add(String(amount_x, y, format_money(amount), fontName=font,
                           fontSize=LABEL_SIZE + 1, fillColor=INK, textAnchor="end"))
    return drawing
