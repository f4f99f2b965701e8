"""No cache keeps a staff page, a download with personal or payment data, or a private link."""

from __future__ import annotations

from tests.helpers.routes import (
    HTTPS,
    STAFF_AREAS,
    USERS,
    allowed_role,
    clients_by_role,
    demo_values,
    routes,
)


def must_not_be_stored(url: str, method: str, blueprint: str | None) -> bool:
    return blueprint in STAFF_AREAS or blueprint == "auth" or "/sag/" in url or method != "GET"


def test_every_private_route_says_no_store_to_its_own_role_and_to_strangers(app, login):
    clients = clients_by_role(app, login)
    checked = set()
    for url, method, blueprint in routes(app):
        if not must_not_be_stored(url, method, blueprint):
            continue
        for role in {allowed_role(blueprint), None, "board"}:
            response = clients[role].open(url, method=method, base_url=HTTPS)
            assert response.headers.get("Cache-Control") == "no-store", (
                role, method, url, response.status_code)
            checked.add((response.status_code, response.mimetype))
            response.close()
    # Case pages, the PDFs and the payments file were among them, not only redirects.
    mimetypes = {mimetype for _, mimetype in checked}
    assert {"text/html", "application/pdf", "text/csv"} <= mimetypes, mimetypes
    # The url_map walk fills <kind> with csv only: the workbook, with bank accounts, too.
    # The walk posted /logout for the others, and the administrator's post to a user's
    # .../aktiv deactivated the board member: the administrator reads the board's pages too.
    board = app.test_client()
    login(board, USERS["admin"])
    workbook = board.get(f"/bestyrelse/{demo_values(app)['year']}/betalinger.xlsx",
                                    base_url=HTTPS)
    assert "spreadsheetml" in workbook.mimetype
    assert workbook.headers.get("Cache-Control") == "no-store"


def test_every_page_a_logged_in_user_sees_says_no_store(app, login):
    clients = clients_by_role(app, login)
    for url, method, _blueprint in routes(app):
        if method == "GET" and not url.startswith("/static/"):
            response = clients["caseworker"].get(url, base_url=HTTPS)
            assert response.headers.get("Cache-Control") == "no-store", url
            response.close()


def test_public_pages_and_files_may_be_cached(client):
    for url in ("/", "/ansoeg", "/static/pulje.css"):
        response = client.get(url, base_url=HTTPS)
        assert response.status_code == 200, url
        assert "no-store" not in response.headers.get("Cache-Control", ""), url
        response.close()
