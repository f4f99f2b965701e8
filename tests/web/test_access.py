"""Every route of the app, requested as anonymous, as each wrong role and as each right role.

The routes are read from ``app.url_map``, so a new page is covered the day it is added; a
route in a blueprint this table does not know, or with a URL argument it has no demo value
for, fails the test until it is classified in tests/helpers/routes.py.
"""

from __future__ import annotations

from tests.helpers.routes import STAFF_AREAS, USERS, routes

# A page opens; a step posted empty is done (302) or refused with the form shown again (422).
RIGHT_ROLE_STATUS = {"GET": {200}, "POST": {302, 422}}


def request(client, url: str, method: str):
    response = client.open(url, method=method)
    response.close()
    return response


def test_anonymous_visitors_are_sent_to_login_from_every_staff_page(app, client):
    for url, method, blueprint in routes(app):
        response = request(client, url, method)
        if blueprint in STAFF_AREAS:
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.location.startswith("/login"), (url, response.location)
        else:
            assert response.status_code < 500, (method, url, response.status_code)


def test_every_staff_page_refuses_the_wrong_roles_and_serves_the_right_ones(app, login):
    table = routes(app)
    for role, email in USERS.items():
        client = app.test_client()
        login(client, email)
        for url, method, blueprint in table:
            if blueprint not in STAFF_AREAS:
                continue
            status = request(client, url, method).status_code
            if role in STAFF_AREAS[blueprint]:
                assert status in RIGHT_ROLE_STATUS[method], (role, method, url, status)
                if (url, "GET", blueprint) not in table:
                    # A step's URL is for posting only: opening it is "not allowed", not an error.
                    assert request(client, url, "GET").status_code == 405, url
            else:
                assert status == 403, (role, method, url, status)
