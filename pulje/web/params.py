"""Integers from paths and query strings, bounded before they reach the database.

A number the database cannot hold (PostgreSQL's integer stops at 2**31 - 1, SQLite's at
2**63 - 1) used to end in a 500. Every ``<int:…>`` in a route is this app's bounded converter:
ASCII digits only, at most ten of them, at most MAX_ID; anything else matches no route (404).
Query strings go through ``bounded_int``, which gives None for what is not such a number.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1
MAX_DIGITS = len(str(MAX_ID))


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter limited to 0…MAX_ID written in ASCII digits."""

    # \d would also match other scripts' digits, which int() reads.
    regex = rf"[0-9]{{1,{MAX_DIGITS}}}"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        upper = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=upper, signed=False)

    def to_python(self, value: str) -> int:
        if len(value) > MAX_DIGITS:
            raise ValidationError()
        return super().to_python(value)


def bounded_int(text: str | None) -> int | None:
    """``text`` as a whole number in 0…MAX_ID, or None when it is anything else."""
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def init_params(app: Flask) -> None:
    """Make ``int`` in every route the bounded converter (before any blueprint is added)."""
    app.url_map.converters["int"] = BoundedIntConverter
