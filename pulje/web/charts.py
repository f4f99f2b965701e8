"""Bar charts drawn on the server as inline SVG: no script, no CDN, readable by screen readers.

Every chart has role="img" with a <title> and <desc>; the page shows the same numbers in a
table next to it, so the picture is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from pulje.web.money import money as format_money

PAID = "#1d6b52"
GRANTED = "#7fb8a4"
FREE = "#e4ebe8"
INK = "#1f2a27"
MUTED = "#5b6a66"


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: what it is, how much, and its colour."""

    label: str
    amount: int
    colour: str


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def stacked_bar(chart_id: str, title: str, segments: Sequence[Segment],
                total: tuple[str, int] | None = None) -> Markup:
    """One bar split into segments (e.g. paid, committed, available), with a legend.

    With ``total`` the legend ends in a "= total" line: the parts add up to the whole.
    """
    width, bar_h, line_h = 320, 30, 24
    height = bar_h + 16 + line_h * (len(segments) + (total is not None))
    whole = sum(max(s.amount, 0) for s in segments) or 1
    desc = "; ".join(f"{s.label}: {format_money(s.amount)}" for s in segments)
    parts = [_open(chart_id, width, height, title, desc)]
    x = 0.0
    for s in segments:
        w = width * max(s.amount, 0) / whole
        if w > 0:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{s.colour}"/>')
        x += w
    for i, s in enumerate(segments):
        y = bar_h + 16 + i * line_h
        parts.append(
            f'<rect x="0" y="{y}" width="16" height="16" fill="{s.colour}" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
            f'<text x="24" y="{y + 13}" font-size="14" fill="{INK}">{escape(s.label)}</text>'
            f'<text x="{width}" y="{y + 13}" font-size="14" font-weight="600" fill="{INK}" '
            f'text-anchor="end">{escape(format_money(s.amount))}</text>')
    if total is not None:
        label, amount = total
        y = bar_h + 16 + len(segments) * line_h
        parts.append(
            f'<line x1="0" x2="{width}" y1="{y - 4}" y2="{y - 4}" stroke="{MUTED}"/>'
            f'<text x="24" y="{y + 13}" font-size="14" font-weight="600" fill="{INK}">'
            f'= {escape(label)}</text>'
            f'<text x="{width}" y="{y + 13}" font-size="14" font-weight="600" fill="{INK}" '
            f'text-anchor="end">{escape(format_money(amount))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def paired_bars(chart_id: str, title: str, rows: Sequence[tuple[str, int, int]],
                first: str = "Bevilget", second: str = "Udbetalt") -> Markup:
    """Two bars per row (e.g. granted and paid per department), on one shared scale."""
    width, row_h, top_pad = 320, 62, 30
    height = top_pad + row_h * max(len(rows), 1)
    top = max((max(a, b) for _, a, b in rows), default=0) or 1
    bar_w = width - 100  # room for the amount after the longest bar
    desc = "; ".join(f"{label}: {first.lower()} {format_money(a)}, {second.lower()} "
                     f"{format_money(b)}" for label, a, b in rows) or "Ingen tal endnu."
    parts = [_open(chart_id, width, height, title, desc),
             f'<rect x="0" y="2" width="14" height="14" fill="{GRANTED}"/>'
             f'<text x="20" y="14" font-size="14" fill="{INK}">{escape(first)}</text>'
             f'<rect x="110" y="2" width="14" height="14" fill="{PAID}"/>'
             f'<text x="130" y="14" font-size="14" fill="{INK}">{escape(second)}</text>']
    for i, (label, a, b) in enumerate(rows):
        y = top_pad + i * row_h
        parts.append(f'<text x="0" y="{y + 15}" font-size="16" font-weight="600" '
                     f'fill="{INK}">{escape(label)}</text>')
        for offset, amount, colour in ((21, a, GRANTED), (39, b, PAID)):
            w = bar_w * max(amount, 0) / top
            parts.append(f'<rect x="0" y="{y + offset}" width="{max(w, 1):.1f}" height="16" '
                         f'fill="{colour}"/>'
                         f'<text x="{w + 5:.1f}" y="{y + offset + 12}" font-size="13" '
                         f'fill="{MUTED}">{escape(format_money(amount))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
