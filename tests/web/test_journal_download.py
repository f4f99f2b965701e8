"""Caseworkers and the board download the bookkeeping journal; a bad period or missing accounts
gives a Danish message and writes nothing."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import func
from sqlmodel import select

from pulje.models import JournalExport, Payment
from tests.helpers.caseworker_pages import read


def set_accounts(app):
    result = app.test_cli_runner().invoke(args=["export", "accounts", "--expense", "2750",
                                                "--bank", "5820"])
    assert result.exit_code == 0, result.output


def exports(app) -> int:
    return read(app, lambda s, _org: s.exec(select(func.count()).select_from(JournalExport)).one())


@pytest.mark.parametrize("email", ["mette@domi.example", "bent@domi.example"])
def test_staff_download_the_journal_and_it_totals_the_payments(app, client, login, email):
    set_accounts(app)
    login(client, email)
    assert client.get("/bogfoering/kassekladde").status_code == 200
    response = client.post("/bogfoering/kassekladde", data={
        "period_from": "2000-01-01", "period_to": "2099-12-31", "kind": "csv"})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(response.data.decode("utf-8-sig").splitlines(), delimiter=";"))
    total = read(app, lambda s, _org: int(s.exec(select(func.sum(Payment.amount))).one()))
    assert sum(int(r["Beløb"].replace(",", "")) for r in rows) == total
    assert [int(r["Bilag"]) for r in rows] == list(range(1, len(rows) + 1))
    again = client.post("/bogfoering/kassekladde", data={
        "period_from": "2000-01-01", "period_to": "2099-12-31", "kind": "csv"})
    assert again.data == response.data
    excel = client.post("/bogfoering/kassekladde", data={
        "period_from": "2000-01-01", "period_to": "2099-12-31", "kind": "xlsx"})
    assert excel.status_code == 200 and excel.data.startswith(b"PK")


@pytest.mark.parametrize(("data", "message"), [
    ({"period_from": "2026-02-01", "period_to": "2026-01-01", "kind": "csv"},
     "før den begynder"),
    ({"period_from": "31.02.2026", "period_to": "2026-03-01", "kind": "csv"},
     "Skriv en dato som dd.mm.åååå"),
    ({"period_from": "2026-01-01", "period_to": "2026-03-01", "kind": "pdf"},
     "Vælg et af formaterne"),
])
def test_a_bad_request_says_why_and_writes_nothing(app, client, login, data, message):
    set_accounts(app)
    login(client, "mette@domi.example")
    response = client.post("/bogfoering/kassekladde", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert exports(app) == 0


def test_without_accounts_the_journal_is_refused(app, client, login):
    login(client, "bent@domi.example")
    response = client.post("/bogfoering/kassekladde", data={
        "period_from": "2026-01-01", "period_to": "2026-12-31", "kind": "e-conomic"})
    assert response.status_code == 422
    assert "Bogføringskontiene er ikke sat op" in response.get_data(as_text=True)
    assert exports(app) == 0


def test_residents_cannot_reach_the_journal(client):
    response = client.get("/bogfoering/kassekladde")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
