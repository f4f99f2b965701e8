"""Text for spreadsheets that a spreadsheet will never run as a formula (CSV injection).

Titles, descriptions and supplier names come from residents and uploaded invoices. Excel,
LibreOffice and Google Sheets treat a cell starting with = + - @ (and, after a tab or carriage
return is stripped, the same) as a formula, so such text gets a leading apostrophe, which the
spreadsheet shows as plain text (OWASP's advice for CSV injection). Every CSV pulje writes
passes its text through ``defuse_formula``.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
