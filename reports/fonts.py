"""Find and register the embedded TrueType font (DejaVu Sans covers æ, ø and å)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

# Where distributions put DejaVu; PULJE_FONT_DIR (if set) is tried first.
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian/Ubuntu: fonts-dejavu-core
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts/dejavu",
    "/opt/homebrew/share/fonts",
    "/Library/Fonts",
)


class FontMissingError(RuntimeError):
    """Raised when the DejaVu Sans TrueType files cannot be found."""


def _candidate_dirs() -> list[Path]:
    dirs = [Path(d) for d in FONT_DIRS]
    override = os.environ.get("PULJE_FONT_DIR")
    if override:
        dirs.insert(0, Path(override))
    return dirs


def find_font_file(filename: str) -> Path:
    """Return the path of a font file from the known locations, or raise FontMissingError."""
    dirs = _candidate_dirs()
    for directory in dirs:
        path = directory / filename
        if path.is_file():
            return path
    searched = ", ".join(str(d) for d in dirs)
    raise FontMissingError(
        f"Skrifttypen {filename} blev ikke fundet (søgt i: {searched}). "
        "Installér Debian-pakken fonts-dejavu-core (apt-get install fonts-dejavu-core) "
        "eller peg PULJE_FONT_DIR på en mappe med DejaVuSans.ttf og DejaVuSans-Bold.ttf."
    )


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans regular and bold once; return their ReportLab names."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(find_font_file("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(find_font_file("DejaVuSans-Bold.ttf"))))
    # The mapping lets <b> in Paragraph markup pick the bold face.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
