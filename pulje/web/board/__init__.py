"""The board's area: the blueprint, its roles and the staff template helpers.

The routes are in ``pages`` (figures and the yearly report) and ``exports`` (downloads).
"""

from __future__ import annotations

from flask import Blueprint

from pulje.web.helpers import display_helpers

bp = Blueprint("board", __name__, url_prefix="/bestyrelse")
BOARD = ("board", "admin")
bp.context_processor(display_helpers)
