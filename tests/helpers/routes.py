"""Every route of the app with real demo values for its URL arguments, and who may use it."""

from __future__ import annotations

from flask import url_for
from sqlmodel import select

from pulje.clock import today
from pulje.models import (
    Application,
    Invoice,
    OutcomePhoto,
    OutcomeReport,
    Pool,
    ResidentAttachment,
    User,
)
from pulje.services.einvoice_import import store_file
from pulje.uploads import upload_folder
from tests.helpers.caseworker_pages import PDF, read
from tests.outcomes.photos import png

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
        # And a short report with a photo, shown publicly, for the photo routes.
        report = OutcomeReport(application_id=case.id, participants=10, photo_consent=True,
                               entered_by="ansøger")
        session.add(report)
        session.flush()
        photo = OutcomePhoto(report_id=report.id, width=1, height=1,
                             file_path=store_file(upload_folder(), png(), ".jpg"))
        session.add(photo)
        session.commit()
        board = session.exec(select(User).where(User.email == "bent@domi.example")).one()
        return {"reference": case.reference, "invoice_id": invoice.id, "year": today().year,
                "token": case.public_token, "filename": "pulje.css", "kind": "csv",
                "user_id": board.id, "department_id": case.department_id,
                "attachment_id": attachment.id, "photo_id": photo.id}
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
