"""The board downloads the year's open data and payments; other roles and organisations can't."""

from __future__ import annotations

import csv
import json

from tests.giving360_schema import package_validator


def test_board_downloads_360giving_that_validates_and_names_no_applicant(client, login):
    login(client, "bent@domi.example")
    response = client.get("/bestyrelse/2025/360giving.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    package = json.loads(response.data)
    assert list(package_validator().iter_errors(package)) == []
    assert len(package["grants"]) == 9
    assert "Karen Jensen" not in response.get_data(as_text=True)


def test_board_downloads_payments_as_csv_and_excel(client, login):
    login(client, "bent@domi.example")
    response = client.get("/bestyrelse/2025/betalinger.csv")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(response.data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][0] == "Dato" and len(rows) > 1
    excel = client.get("/bestyrelse/2025/betalinger.xlsx")
    assert excel.status_code == 200 and excel.data.startswith(b"PK")


def test_the_dashboard_links_to_the_downloads(client, login):
    login(client, "bent@domi.example")
    page = client.get("/bestyrelse/?year=2025").get_data(as_text=True)
    assert "/bestyrelse/2025/360giving.json" in page and "/bestyrelse/2025/betalinger.csv" in page


def test_caseworkers_cannot_download_the_boards_files(client, login):
    login(client, "mette@domi.example")
    assert client.get("/bestyrelse/2025/betalinger.csv").status_code == 403
