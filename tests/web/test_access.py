"""Every route of the app, requested as anonymous, as each wrong role and as each right role.

The routes are read from ``app.url_map``, so a new page is covered the day it is added; a
route in a blueprint this table does not know, or with a URL argument it has no demo value
for, fails the test until it is classified here.
"""

from __future__ import annotations

from flask import url_for
from sqlmodel import select

from pulje.models import Application, Invoice, Pool, ResidentAttachment, User
from pulje.services.einvoice_import import store_file
from pulje.uploads import upload_folder
from pulje.web.caseworker.actions import today
from tests.web.test_caseworker import PDF, read

USERS = {"caseworker": "mette@domi.example", "board": "bent@domi.example",
         "admin": "admin@domi.example"}
# Which roles may use the routes of each staff blueprint.
STAFF_AREAS = {
    "caseworker": {"caseworker", "admin"},
    "board": {"board", "admin"},
    "bookkeeping": {"caseworker", "board", "admin"},
    "admin": {"admin"},
    "admin_setup": {"admin"},
}
# Blueprints anyone may open (residents have no account).
PUBLIC_AREAS = {"account", "auth", "resident", "static", None}
# A page opens; a step posted empty is done (302) or refused with the form shown again (422).
RIGHT_ROLE_STATUS = {"GET": {200}, "POST": {302, 422}}


def demo_values(app) -> dict[str, object]:
    """A real value for every URL argument: a granted demo case, its invoice, a year, a token."""
    def take(session, org):
        case, invoice = session.exec(
            select(Application, Invoice).join(Invoice, Invoice.application_id == Application.id)
            .join(Pool, Pool.id == Application.pool_id)
            .where(Pool.organisation_id == org, Pool.year == today().year,
                   Application.state == "approved").order_by(Invoice.id)).first()
        # Give the invoice a stored file so its download route has something to serve.
        invoice.file_path = store_file(upload_folder(), PDF, ".pdf")
        invoice.file_name = "faktura.pdf"
        # And a quote from the resident, for the attachment download.
        attachment = ResidentAttachment(
            application_id=case.id, file_path=store_file(upload_folder(), PDF, ".pdf"),
            file_name="tilbud.pdf", mimetype="application/pdf", size=len(PDF))
        session.add(attachment)
        session.commit()
        board = session.exec(select(User).where(User.email == "bent@domi.example")).one()
        return {"reference": case.reference, "invoice_id": invoice.id, "year": today().year,
                "token": case.public_token, "filename": "pulje.css", "kind": "csv",
                "user_id": board.id, "department_id": case.department_id,
                "attachment_id": attachment.id}
    return read(app, take)


def routes(app) -> list[tuple[str, str, str | None]]:
    """(url, method, blueprint) for every route and method, arguments filled with demo values."""
    values = demo_values(app)
    found = []
    for rule in app.url_map.iter_rules():
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.rule}: add a demo value for {sorted(missing)}"
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        blueprint = rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else None
        assert blueprint in STAFF_AREAS or blueprint in PUBLIC_AREAS, (
            f"{rule.rule} ({rule.endpoint}): say who may use blueprint {blueprint!r}")
        found += [(url, method, blueprint) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


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
