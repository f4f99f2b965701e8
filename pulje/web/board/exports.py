"""The board's downloads of a pool year: 360Giving open data and the payments for bookkeeping."""

from __future__ import annotations

import json

from flask import Response, abort

from pulje import clock
from pulje.db import get_session
from pulje.exports import ExportError, payments_csv, payments_xlsx
from pulje.models import Organisation
from pulje.services.exports import payment_rows
from pulje.services.open_data import open_data_package
from pulje.services.queries import pool_for_year
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.board import BOARD, bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, mimetype: str, name: str) -> Response:
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _pool(year: int):
    session = get_session()
    organisation = session.get(Organisation, current_organisation_id())
    return session, organisation, pool_for_year(session, organisation.id, year)


@bp.get("/<int:year>/360giving.json")
@role_required(*BOARD)
def giving_export(year: int):
    """The year's grants as a 360Giving package: only the public texts, never a resident's."""
    session, organisation, pool = _pool(year)
    try:
        package = open_data_package(session, pool, clock.today())
    except ExportError as exc:
        abort(404, description=str(exc))
    data = json.dumps(package, ensure_ascii=False, indent=2).encode()
    return _download(data, "application/json", f"360giving-{organisation.cvr}-{year}.json")


@bp.get("/<int:year>/betalinger.<any(csv, xlsx):kind>")
@role_required(*BOARD)
def payments_export(year: int, kind: str):
    """The year's payments to suppliers as CSV (semicolons, UTF-8 with BOM) or a spreadsheet."""
    return payments_file(year, kind)


def payments_file(year: int, kind: str) -> Response:
    """The payments download itself, for the board's and the caseworker's routes alike."""
    session, organisation, pool = _pool(year)
    rows = payment_rows(session, pool)
    if kind == "xlsx":
        return _download(payments_xlsx(rows), XLSX, f"betalinger-{year}.xlsx")
    return _download(payments_csv(rows), "text/csv", f"betalinger-{year}.csv")
