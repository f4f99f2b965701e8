"""The caseworker's web pages in tests: a new demo case, a fresh read, form fields, page parts;
the logged-in caseworker, cases in review or granted, and refused steps that change nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlmodel import func, select

from pulje.clock import today
from pulje.db import sessions
from pulje.engine import transaction
from pulje.models import Application, AuditEntry, Invoice, Payment, Pool
from pulje.services.accounting import pool_figures
from pulje.services.queries import case_by_reference, organisation_by_cvr
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application

CASEWORKER = "mette@domi.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_case(app, *, requested: int = 15_000_00, starts_in: int = 30, **overrides) -> str:
    """Submit a fresh case to this year's demo pool; returns its reference."""
    values = dict(
        department_number="1", applicant_name="Karen Jensen",
        applicant_address="Søvangen 3, 8300 Odder", applicant_email="karen@beboer.example",
        title="Gårdfest for alle opgange", purpose="En fest i gården for alle beboere.",
        expected_participants=60, period_start=today() + timedelta(days=starts_in),
        period_end=today() + timedelta(days=starts_in + 1), across_departments=True,
        budget=[BudgetLineInput(description="Telt og borde", amount=requested)])
    values.update(overrides)
    with app.app_context(), transaction(sessions()) as session:
        organisation = organisation_by_cvr(session, "30000005")
        return submit_application(session, organisation.id, ApplicationInput(**values),
                                  today=today()).reference


def read(app, fn):
    """Run ``fn(session, organisation_id)`` on a fresh session (what the database holds now)."""
    with app.app_context():
        session = sessions()()
        try:
            return fn(session, organisation_by_cvr(session, "30000005").id)
        finally:
            session.close()


def case_state(app, reference: str) -> tuple[str, int | None]:
    return read(app, lambda s, org: (lambda a: (a.state, a.granted))(
        case_by_reference(s, org, reference)))


def figures(app):
    return read(app, lambda s, org: pool_figures(s, s.exec(select(Pool).where(
        Pool.organisation_id == org, Pool.year == today().year)).one()))


def field_value(html: str, name: str) -> str:
    """The value of the input called ``name`` as the page shows it."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return unescape(re.search(r'value="([^"]*)"', tag).group(1))


def payment_key(html: str, invoice_id: int) -> str:
    return field_value(html, f"pay-{invoice_id}-key")


def actions(html: str) -> set[str]:
    """The URLs the page's step forms post to (an internal note can be kept in every state)."""
    return {url for url in re.findall(r'<form method="post" action="(/sagsbehandling/[^"]+)"',
                                      html) if not url.endswith("/note")}


def invoice_fields(**overrides) -> dict:
    fields = {
        "invoice-supplier_name": "Odder Festudlejning ApS", "invoice-supplier_cvr": "41000007",
        "invoice-number": "F-2031", "invoice-issue_date": today().isoformat(),
        "invoice-activity_date": "", "invoice-buyer_name": "DOMI Bolig",
        "invoice-buyer_cvr": "30000005", "invoice-amount": "10.000,00",
    }
    fields.update(overrides)
    return fields


def snapshot(app, reference: str) -> dict:
    """The case, its invoices and payments and the whole audit trail, as the database has them."""
    def take(session, _org):
        case = session.exec(select(Application).where(Application.reference == reference)).one()
        return {
            "case": (case.state, case.granted, case.decision_reason),
            "invoices": sorted(session.exec(select(Invoice.id, Invoice.state).where(
                Invoice.application_id == case.id)).all()),
            "payments": session.exec(select(func.count()).select_from(Payment)).one(),
            "audit": session.exec(select(func.count()).select_from(AuditEntry)).one(),
        }
    return read(app, take)


@pytest.fixture
def caseworker(client, login):
    login(client, CASEWORKER)
    return client


@pytest.fixture
def in_review(app, caseworker):
    """Make a case and take it into review; returns (reference, case url)."""
    def make(**overrides):
        reference = new_case(app, **overrides)
        url = f"/sagsbehandling/sag/{reference}"
        assert caseworker.post(f"{url}/behandling").status_code == 302
        return reference, url
    return make


@pytest.fixture
def approved(app, caseworker, in_review):
    """A case granted 10.000 kr.; returns (reference, case url)."""
    reference, url = in_review(requested=10_000_00)
    assert caseworker.post(f"{url}/bevilling", data={"approve-amount": "10.000"}
                           ).status_code == 302
    return reference, url


def refused(app, caseworker, reference, url, data=None, **kwargs) -> str:
    """Post a step that must be refused: 422, nothing changed; returns the page's text."""
    before = snapshot(app, reference)
    response = caseworker.post(url, data=data or {}, **kwargs)
    assert response.status_code == 422
    assert snapshot(app, reference) == before
    return unescape(response.get_data(as_text=True))
