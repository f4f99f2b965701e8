"""Shared pieces: font lookup, Danish formatting and the wrapping of table cells."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports import fonts
from reports.fmt import esc, format_date, format_days, format_instant, format_period
from reports.tables import MAX_CELL_LINES, wrap_text


def test_missing_font_names_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONT_DIRS", ())
    monkeypatch.setenv("PULJE_FONT_DIR", str(tmp_path))
    with pytest.raises(fonts.FontMissingError, match="fonts-dejavu-core"):
        fonts.find_font_file("DejaVuSans.ttf")


def test_font_dir_override_is_searched_first(tmp_path, monkeypatch):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    monkeypatch.setenv("PULJE_FONT_DIR", str(tmp_path))
    assert fonts.find_font_file("DejaVuSans.ttf") == tmp_path / "DejaVuSans.ttf"


def test_danish_dates_and_copenhagen_time():
    assert format_date(date(2023, 5, 15)) == "15. maj 2023"
    assert format_instant(datetime(2025, 1, 31, 23, 30, tzinfo=UTC)) == "1. februar 2025 kl. 00.30"
    assert format_instant(datetime(2025, 7, 1, 6, 5, tzinfo=UTC)) == "1. juli 2025 kl. 08.05"
    assert format_period(date(2025, 6, 1), date(2025, 6, 1)) == "1. juni 2025"
    assert format_days(3.0) == "3,0"


def test_naive_instant_is_refused():
    with pytest.raises(ValueError, match="tidszone"):
        format_instant(datetime(2025, 1, 1, 12, 0))


def test_user_text_is_escaped_and_keeps_line_breaks():
    assert esc("Leje <telt> & stole\r\nMusik") == "Leje &lt;telt&gt; &amp; stole<br/>Musik"


def test_wrap_text_hyphenates_long_words_within_the_width():
    fonts.register_fonts()
    word = "Fællesskabsaktivitetsplanlægning" * 5
    lines = wrap_text(f"kort {word} slut", 100)
    # Broken only where Danish hyphenates, each break marked with a hyphen.
    assert all(line.endswith("-") for line in lines[1:-2])
    assert "".join(line.removesuffix("-") for line in lines[1:-1]) == word
    assert lines[0] == "kort" and lines[-1] == "slut"
    assert all(stringWidth(line, fonts.REGULAR, 8) <= 100 for line in lines)
    assert lines[1] == "Fællesskabsaktivitets-"


def test_wrap_text_breaks_a_word_without_hyphenation_points_between_characters():
    fonts.register_fonts()
    lines = wrap_text("x" * 60, 40)
    assert "".join(lines) == "x" * 60 and len(lines) > 1
    assert all(stringWidth(line, fonts.REGULAR, 8) <= 40 for line in lines)


def test_wrap_text_caps_a_cell_that_could_not_fit_a_page():
    lines = wrap_text("ord " * 2000, 60)
    assert len(lines) == MAX_CELL_LINES
    assert lines[-1] == "…"


def test_every_document_uses_only_the_embedded_dejavu_fonts(
    make_application, make_letter, make_statement, make_year_report
):
    from reports.application import build_application_pdf
    from reports.letters import build_decision_letter_pdf
    from reports.statement import build_case_statement_pdf
    from reports.yearly import build_year_report_pdf

    documents = [
        build_application_pdf(make_application()),
        build_decision_letter_pdf(make_letter()),
        build_case_statement_pdf(make_statement()),
        build_year_report_pdf(make_year_report()),
    ]
    for pdf in documents:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert "DejaVuSans" in font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded



def _cut_one_character_at_a_time(word: str, width: float) -> list[str]:
    """The cut between characters, the plain way: add characters while the run still fits."""
    pieces, current = [], ""
    for char in word:
        if current and stringWidth(current + char, fonts.REGULAR, 8) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current]


@given(word=st.text(alphabet="0123456789-/.,:()", min_size=1, max_size=MAX_CELL_LINES),
       width=st.floats(min_value=1, max_value=120))
def test_a_word_without_letters_is_cut_between_characters_where_it_no_longer_fits(word, width):
    # A case number or an amount: no Danish hyphenation point, so the longest runs that fit.
    fonts.register_fonts()
    assume(stringWidth(word, fonts.REGULAR, 8) > width)
    assert wrap_text(word, width) == _cut_one_character_at_a_time(word, width)
