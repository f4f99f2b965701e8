"""One length per typed field (workflows.fields): the table's column, the service's input and
the web form read the same number, and agree on every value — padded with spaces or not,
at the limit or one over. What one accepts the other accepts; what one refuses, the other
refuses; nothing reaches the service that it would fail on (a 500)."""

from __future__ import annotations

import flask
import pytest
from flask_babel import Babel
from pydantic import ValidationError
from sqlalchemy import Text
from sqlmodel import SQLModel
from werkzeug.datastructures import MultiDict

from forms.application import ApplicationForm, BudgetLineForm
from forms.caseworker import InvoiceForm, PaymentForm
from forms.setup import DepartmentForm, OrganisationForm
from pulje.models import Application, BudgetLine, Department, Invoice, Organisation, Payment
from pulje.services.errors import InputError
from pulje.services.invoices import InvoiceInput
from pulje.services.organisations import OrganisationInput, update_organisation
from pulje.services.submission import ApplicationInput, BudgetLineInput
from workflows.fields import (
    APPLICATION,
    BUDGET_LINE,
    DEPARTMENT,
    INVOICE,
    ORGANISATION,
    PAYMENT,
    TYPED_NUMBER,
)

# (spec, table, service input, form, form field prefix, the fields the form does not take)
SPECS = [
    (APPLICATION, Application, ApplicationInput, ApplicationForm, "", {"applicant_cvr"}),
    (BUDGET_LINE, BudgetLine, BudgetLineInput, BudgetLineForm, "", set()),
    (INVOICE, Invoice, InvoiceInput, InvoiceForm, "invoice-", {"payee_name", "payee_cvr"}),
    (PAYMENT, Payment, None, PaymentForm, "", set()),
    # CVR and EAN are typed with spaces and "DK" (TYPED_NUMBER) and kept as their digits.
    (ORGANISATION, Organisation, None, OrganisationForm, "", {"cvr", "ean"}),
    (DEPARTMENT, Department, None, DepartmentForm, "", set()),
]
FIELDS = [(spec, table, service, form, prefix, name)
          for spec, table, service, form, prefix, skip in SPECS
          for name in spec if name not in skip]
IDS = [f"{table.__name__}.{name}" for _, table, _, _, _, name in FIELDS]


@pytest.fixture(scope="module")
def app():
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    Babel(app)
    return app


def form_limit(form_class, name) -> int:
    field = getattr(form_class, name)
    lengths = [v.max for v in field.kwargs["validators"] if hasattr(v, "max") and v.max >= 0]
    assert len(lengths) == 1, f"{form_class.__name__}.{name} has no length"
    return lengths[0]


def input_limit(model: type[SQLModel], name: str) -> int:
    metadata = model.model_fields[name].metadata
    return next(m.max_length for m in metadata if getattr(m, "max_length", None) is not None)


@pytest.mark.parametrize("spec, table, service, form, prefix, name", FIELDS, ids=IDS)
def test_table_input_and_form_read_the_same_limit(spec, table, service, form, prefix, name):
    column = table.__table__.c[name].type
    assert column.length == spec[name] or (isinstance(column, Text) and column.length is None)
    if service is not None:
        assert input_limit(service, name) == spec[name]
    assert form_limit(form, name) == spec[name]


def typed(name: str, length: int) -> str:
    """A value of ``length`` characters that is valid for the field in every other way."""
    if name.endswith("email"):
        return "a" * (length - 7) + "@pul.dk"
    if name.endswith("phone"):
        return "1" * length
    if name.endswith("cvr"):
        return "DK" + " " * (length - 10) + "12345678" if length >= 10 else "12345678"[:length]
    return "x" * length


@pytest.mark.parametrize("spec, table, service, form, prefix, name", FIELDS, ids=IDS)
@pytest.mark.parametrize("length, pad", [(0, ""), (-1, ""), (0, "   "), (1, ""), (1, "  ")],
                         ids=["limit", "one-under", "limit-padded", "one-over",
                              "one-over-padded"])
def test_form_and_service_agree(app, spec, table, service, form, prefix, name, length, pad):
    value = pad + typed(name, spec[name] + length) + pad
    with app.test_request_context(method="POST"):
        shown = form(formdata=MultiDict({f"{prefix}{name}": value}), prefix=prefix.rstrip("-"))
        shown[name].validate(shown)
        form_accepts = not any("characters" in str(e) or "tegn" in str(e) or "lang" in str(e)
                               for e in shown[name].errors)
        passed_on = shown[name].data
    assert form_accepts == (length <= 0)
    if service is None or not form_accepts:
        return
    try:
        service.model_validate({**minimal(service), name: passed_on})
    except ValidationError as exc:  # pragma: no cover - the failure this test exists to find
        pytest.fail(f"the form accepted {value!r} and the service refused it: {exc}")


def minimal(service) -> dict:
    if service is InvoiceInput:
        return {"supplier_name": "Leverandør", "number": "1", "issue_date": "2026-11-29",
                "amount": 100}
    return {}


@pytest.mark.parametrize("written", [" 12345678 ", "DK12345678", "dk 12 34 56 78", "12-34-56-78"])
def test_a_cvr_as_written_is_kept_as_its_digits(application_input, written):
    assert application_input(applicant_cvr=written).applicant_cvr == "12345678"


def test_a_blank_cvr_is_none_and_padded_text_is_stripped(application_input):
    data = application_input(applicant_cvr="   ", applicant_name="  Karen Jensen  ",
                             budget=[BudgetLineInput(description="  Telt ", amount=1)])
    assert (data.applicant_cvr, data.applicant_name) == (None, "Karen Jensen")
    assert data.budget[0].description == "Telt"


def test_a_padded_cvr_is_submitted_as_its_digits(session, make_case):
    case = make_case(applicant_cvr="  DK 1234 5678 ")
    assert case.applicant_cvr == "12345678"


def test_a_wrong_cvr_in_an_application_file_is_explained_in_danish(demo_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('department = "3"\napplicant_name = "A"\napplicant_cvr = " 1234567 8 9 "\n',
                   encoding="utf-8")
    out = demo_cli("submit", bad, ok=False)
    assert "Et CVR-nummer har 8 cifre." in out and "Traceback" not in out


@pytest.mark.parametrize("name", ["cvr", "ean"])
def test_an_organisation_number_may_be_typed_longer_than_it_is_kept(name):
    assert form_limit(OrganisationForm, name) == TYPED_NUMBER >= ORGANISATION[name]
    assert Organisation.__table__.c[name].type.length == ORGANISATION[name]


def test_an_organisation_cvr_as_written_is_kept_as_its_digits(session, organisation):
    update_organisation(session, organisation,
                        OrganisationInput(name=" DOMI Bolig ", cvr=" DK 30 00 00 05 "))
    assert (organisation.cvr, organisation.name) == ("30000005", "DOMI Bolig")


def test_an_organisation_email_over_its_length_is_refused_in_danish(session, organisation):
    too_long = "a" * ORGANISATION["email"] + "@pul.dk"
    with pytest.raises(InputError, match="højst have 200 tegn"):
        update_organisation(session, organisation, OrganisationInput(
            name="DOMI Bolig", cvr="30000005", email=too_long))
