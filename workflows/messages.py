"""Texts people read, written in Danish and marked for translation without Flask.

``N_`` marks a Danish text so that ``make translations`` puts it in the catalogue (pybabel's
``-k N_``); it returns the text unchanged. A rule's refusal keeps its template and values
apart (``Violation.of``), so the web layer can show it in the reader's language by looking up
the template and filling in the same values.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a Danish text for the translation catalogue; the web layer translates it."""
    return text


class Marked(str):
    """A value of a message that is itself a marked text (translated with the message)."""


def listed(texts: tuple[str, ...]) -> str:
    """Marked texts as a Danish list: »a«, »b«, »c«."""
    return ", ".join(f"»{text}«" for text in texts)


def fill(template: str, params: dict[str, object]) -> str:
    """The template with its values; a tuple of marked texts becomes a list."""
    return template % {name: listed(value) if isinstance(value, tuple) else value
                       for name, value in params.items()}
