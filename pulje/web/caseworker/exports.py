"""The caseworker's download of a pool year's payments, for the bookkeeping they do."""

from __future__ import annotations

from pulje.web.auth import role_required
from pulje.web.board.exports import payments_file
from pulje.web.caseworker import STAFF, bp


@bp.get("/betalinger/<int:year>.<any(csv, xlsx):kind>")
@role_required(*STAFF)
def payments_export(year: int, kind: str):
    """The year's payments to suppliers as CSV or a spreadsheet — the board's same file."""
    return payments_file(year, kind)
