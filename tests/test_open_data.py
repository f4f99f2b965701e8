"""Open data publishes the caseworker's public text, never what a resident typed, and warns on
anything in the public text that looks like personal data."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from pulje.models import Application
from pulje.services import decisions
from pulje.services.errors import InputError
from pulje.services.open_data import open_data_csv, open_data_package, open_data_warnings
from pulje.services.public_text import personal_data_warnings
from tests.factories import CASEWORKER, TODAY
from tests.giving360_schema import package_validator

PRIVATE = ("Vi er Karen Jensen og naboen på Søvangen 3, 8300 Odder (tlf. 20 30 40 50); "
           "Karens mand har gigt og skal kunne sidde ned.")


def granted_case(make_case, **overrides) -> Application:
    return make_case("approved", purpose=PRIVATE, title="Karens fødselsdagsfest", **overrides)


def test_the_export_holds_the_public_text_and_nothing_the_resident_typed(session, pool,
                                                                        make_case):
    case = granted_case(make_case)
    assert case.public_title == "Fællesskabsaktivitet i afdeling 1 Søvangen"
    assert case.public_description.startswith("Tilskud fra fællesskabspuljen til en aktivitet, "
                                              "der går på tværs af afdelinger, for ca. 80")
    package = open_data_package(session, pool, TODAY)
    flat = open_data_csv(session, pool, TODAY)
    for published in (json.dumps(package, ensure_ascii=False), flat):
        for private in ("Karen", "Jensen", "20 30 40 50", "gigt", "fødselsdag",
                        "karen@beboer.example", "Søvangen 3"):
            assert private not in published
    assert package["grants"][0]["title"] == case.public_title
    assert open_data_warnings(session, pool) == []


def test_the_package_validates_with_licence_dates_and_real_amounts(session, pool, make_case):
    make_case("approved", requested=5_000_00, paid=2_000_00)
    withdrawn = make_case("approved", requested=3_000_00, department_number="2")
    decisions.withdraw(session, withdrawn, CASEWORKER)
    package = open_data_package(session, pool, date(2026, 11, 30))
    package_validator().validate(package)
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["issued"] == "2026-11-30"
    assert package["modified"].endswith("Z")
    assert package["publisher"] == {"identifier": "DK-CVR-30000005", "name": "DOMI Bolig"}
    amounts = {g["id"][-9:]: (g["amountAwarded"], g["amountDisbursed"])
               for g in package["grants"]}
    assert amounts == {"2026-0001": (5000, 2000), "2026-0002": (3000, 0)}
    records = list(csv.DictReader(io.StringIO(open_data_csv(session, pool, TODAY))))
    assert [r["Classifications:0:Code"] for r in records] == ["across_departments"] * 2
    assert records[1]["Amount Disbursed"] == "0"
    assert all(r["Last Modified"] == g["dateModified"]
               for r, g in zip(records, package["grants"], strict=True))


def test_a_caseworkers_text_with_personal_data_is_warned_about(session, pool, make_case):
    case = make_case("in_review")
    decisions.approve(session, case, CASEWORKER, 10_000_00, today=TODAY,
                      reason="Puljen dækker ikke teltet.",
                      public_title="Sommerfest hos Karen Jensen",
                      public_description="Ring på 20 30 40 50 eller skriv til karen@beboer.example")
    messages = [w.message for w in open_data_warnings(session, pool)]
    assert "Sag 2026-0001: Teksten indeholder ansøgerens navn (»Karen Jensen«)." in messages
    assert any("telefonnummer" in m for m in messages)
    assert any("e-mail" in m for m in messages)


@pytest.mark.parametrize(("text", "kind"), [
    ("Skriv til ole.s@mail.dk for at komme med", "e-mailadresse"),
    ("Tilmelding på +45 12 34 56 78", "telefonnummer"),
    ("Vi mødes på Egevej 14 kl. 10", "adresse"),
    ("Festen holdes i 8300 Odder", "postnummer"),
    ("Arrangeret af Ole Sørensen for opgangen", "navn"),
])
def test_what_looks_like_personal_data(text, kind):
    warnings = personal_data_warnings(text)
    assert any(kind in w for w in warnings), warnings


def test_public_names_and_plain_sentences_pass():
    assert personal_data_warnings(
        "Tilskud til en aktivitet for ca. 40 beboere i afdeling 12 Egholm Parken.",
        allowed=("Egholm Parken",)) == []


def test_a_too_long_public_title_is_refused_and_nothing_changes(session, pool, make_case):
    case = make_case("in_review")
    with pytest.raises(InputError, match="højst være 200 tegn"):
        decisions.approve(session, case, CASEWORKER, 10_000_00, today=TODAY,
                          public_title="x" * 201)
    session.refresh(case)
    assert (case.state, case.granted, case.public_title) == ("in_review", None, None)
