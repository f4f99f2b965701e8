"""The bookkeeping area: the journal (kassekladde) download for caseworkers and the board.

The routes are in ``pages``.
"""

from __future__ import annotations

from flask import Blueprint

from pulje.web.helpers import display_helpers

bp = Blueprint("bookkeeping", __name__, url_prefix="/bogfoering")
BOOKKEEPERS = ("caseworker", "board", "admin")
bp.context_processor(display_helpers)
