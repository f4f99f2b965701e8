"""A new housing organisation from an empty database to its first payment, without the demo:
`pulje db upgrade`, `pulje org create`, the invitation link, then the administrator's pages,
a resident's application and the caseworker's steps under the organisation's own rules."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from pulje import create_app

CVR = "10000009"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """One app on an empty SQLite file: its shell (``run``) and a browser (``app``)."""
    monkeypatch.delenv("PULJE_ACTOR", raising=False)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'ny.sqlite'}",
                      "SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "EXTERNAL_URL": "https://pulje.bovest.example",
                      # The test client speaks to localhost; mailed links must still carry
                      # the configured address, not the request's.
                      "TRUSTED_HOSTS": ["pulje.bovest.example", "localhost"]})
    runner = app.test_cli_runner()

    def run(*args, ok: bool = True) -> str:
        result = runner.invoke(args=[str(a) for a in args])
        assert (result.exit_code == 0) is ok, result.output
        return result.output

    yield app, run
    app.extensions["pulje.engine"].dispose()


def link_in(text: str) -> str:
    url = re.search(r"https://pulje\.bovest\.example(/\S+)", text)
    return urlsplit(url.group(0)).path


def accept(app, path: str, password: str) -> None:
    response = app.test_client().post(path, data={"password": password, "confirm": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_from_an_empty_database_to_the_first_payment(site, tmp_path):
    app, run = site
    today = date.today()
    run("db", "upgrade")
    assert "Der er ingen organisation endnu" in run("pool", today.year, ok=False)
    out = run("org", "create", "--name", "Bo Vest", "--cvr", CVR, "--admin-email",
              "anna@bovest.example", "--admin-name", "Anna Holm", "--phone", "70 20 30 40",
              "--invoice-email", "faktura@bovest.example")
    assert "Bo Vest (CVR 10000009) er oprettet." in out
    accept(app, link_in(out), "vest for sol og måne")

    admin = app.test_client()
    assert admin.post("/login", data={"email": "anna@bovest.example",
                                      "password": "vest for sol og måne"}).status_code == 302
    assert admin.post("/admin/afdelinger/import", data={
        "csv": "1;Vestparken;Vestvej 1\n2;Østparken;Østvej 2\n", "confirm": "1"}
    ).status_code == 302
    assert admin.post("/admin/puljer", data={
        "year": str(today.year), "total": "60.000", "cap": "10.000",
        "purpose_1": "styrker naboskabet", "purpose_2": "er for børn og unge",
        "purposes_required": "1", "invoice_deadline_days": "30",
        "title": "Puljeregler for Bo Vest", "approved_on": today.isoformat()}
    ).status_code == 302
    resident = app.test_client()
    for path in ("/", "/ansoeg"):
        page = resident.get(path).get_data(as_text=True)
        assert "Styrker naboskabet" in page and "Er for børn og unge" in page
        assert "på tværs af afdelinger" not in page and "Formål 3" not in page
    admin.post("/admin/", data={"name": "Jonas Friis", "email": "jonas@bovest.example",
                                "role": "caseworker"})
    out = run("outbox")
    assert "jonas@bovest.example" in out
    out = run("user", "invite", "--email", "lise@bovest.example", "--name", "Lise Berg",
              "--role", "board")
    assert "https://pulje.bovest.example/invitation/" in out
    assert f"{CVR}  Bo Vest: {today.year}" in run("org", "list")

    application = tmp_path / "ansoegning.toml"
    start = today + timedelta(days=30)
    application.write_text(f'''department = "2"
applicant_name = "Grethe Bach"
applicant_address = "Østvej 9"
title = "Legedag i gården"
purpose = "En legedag for børnene i Østparken."
expected_participants = 30
period_start = {start.isoformat()}
period_end = {start.isoformat()}
across_departments = false
short_notice = true
[[budget]]
description = "Hoppeborg"
amount = "12.000"
''', encoding="utf-8")
    # More than the pool's cap can never be granted: refused at intake, nothing stored.
    out = run("submit", application, ok=False)
    assert "Loft pr. projekt (R2)" in out and "loft på 10.000,00" in out
    application.write_text(application.read_text(encoding="utf-8").replace(
        'amount = "12.000"', 'amount = "10.000"'), encoding="utf-8")
    reference = re.search(r"Ansøgning (\d{4}-\d{4})", run("submit", application)).group(1)
    assert "Angiv, hvem der handler" in run("review", reference, ok=False)
    run("review", reference, "--as", "anna@bovest.example")
    out = run("approve", reference, "9.000", "--as", "anna@bovest.example", ok=False)
    assert "Skriv en begrundelse" in out
    out = run("approve", reference, "10.000", "--as", "anna@bovest.example")
    assert "ledigt 50.000,00\xa0kr." in out
    out = run("invoice", "register", reference, "--supplier", "Hoppeland ApS", "--number", "7",
              "--date", (start + timedelta(days=1)).isoformat(), "--buyer", "Bo Vest",
              "--buyer-cvr", CVR, "--amount", "9.500", "--as", "anna@bovest.example")
    invoice_id = re.search(r"Faktura (\d+) ", out).group(1)
    run("invoice", "accept", invoice_id, "--as", "anna@bovest.example")
    out = run("pay", invoice_id, "--key", "bank-1", "--as", "anna@bovest.example")
    assert "Betaling på 9.500,00\xa0kr. er registreret." in out
    assert "udbetalt 9.500,00\xa0kr." in run("pool", today.year)
    assert "Version 1 fra 01.01." in run("rules", "show", today.year)
