"""A newcomer's journey from the shell: demo data, one application from submission to closing."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "ansoegning.toml"


@pytest.fixture(autouse=True)
def acting_caseworker(monkeypatch):
    """Steps from the shell are signed by a real user: the demo's caseworker (PULJE_ACTOR)."""
    monkeypatch.setenv("PULJE_ACTOR", "mette@domi.example")


def test_demo_then_one_case_from_submission_to_closing(cli):
    assert "mette@domi.example" in cli("demo", "--today", "2026-11-29")
    out = cli("submit", EXAMPLE, "--today", "2026-11-29")
    reference = re.search(r"Ansøgning (\d{4}-\d{4}) er modtaget", out).group(1)
    assert "søgt 8.400,00\xa0kr." in out

    assert "modtaget → under behandling" in cli("review", reference, "--as", "mette@domi.example")
    out = cli("approve", reference, "8.000", "--today", "2026-11-30", ok=False)
    assert "Skriv en begrundelse til ansøgeren" in out
    out = cli("approve", reference, "8.000", "--today", "2026-11-30",
              "--reason", "Transporten dækkes ikke.")
    assert "under behandling → bevilget" in out
    assert "ledigt 45.000,00\xa0kr." in out

    out = cli("invoice", "register", reference, "--supplier", "Odder Musik ApS", "--number",
              "M-17", "--date", "2027-02-26", "--buyer", "DOMI Bolig", "--buyer-cvr", "30000005",
              "--amount", "6.000,00")
    invoice_id = re.search(r"Faktura (\d+) ", out).group(1)
    assert "modtaget" in out
    assert "godkendt til betaling" in cli("invoice", "accept", invoice_id)
    out = cli("pay", invoice_id, "--key", "bank-1", "--reference", "Bank 991")
    assert "Betaling på 6.000,00\xa0kr. er registreret." in out
    assert "var allerede registreret" in cli("pay", invoice_id, "--key", "bank-1")

    out = cli("close", reference)
    assert "bevilget → afsluttet" in out
    assert "ledigt 47.000,00\xa0kr." in out and "frigivet 2.000,00\xa0kr." in out


def test_refusals_print_the_rule_and_change_nothing(demo_cli):
    out = demo_cli("approve", "2026-0005", "25.000", "--today", "2026-11-29", ok=False)
    assert "Handlingen »bevilg« er ikke mulig" not in out
    assert "Loft pr. projekt (R2):" in out or "Tilsagn før aktiviteten (R6):" in out
    assert "under behandling" in demo_cli("cases", "--state", "in_review")
    out = demo_cli("approve", "2026-0005", "12,345", ok=False)
    assert "højst have to decimaler" in out
    out = demo_cli("approve", "2099-0001", "100", ok=False)
    assert "Sagen 2099-0001 findes ikke." in out


def test_overdue_grants_lapse_and_release_their_money(demo_cli):
    assert "ledigt 53.000,00\xa0kr." in demo_cli("pool", "2026")
    out = demo_cli("lapse-overdue", "--today", "2026-11-29")
    assert "2026-0004: bevilget → bortfaldet (frigivet 8.000,00\xa0kr.)" in out
    # 2026-0002 has only a refused invoice, so its grant lapses too.
    assert "2026-0002: bevilget → bortfaldet (frigivet 20.000,00\xa0kr.)" in out
    assert "ledigt 81.000,00\xa0kr." in demo_cli("pool", "2026")
    assert "0 sag(er) bortfaldet." in demo_cli("lapse-overdue", "--today", "2026-11-29")


def test_a_bad_application_file_is_explained(demo_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('department = "3"\napplicant_name = "A"\n[[budget]]\ndescription = "x"\n'
                   'amount = "mange penge"\n', encoding="utf-8")
    assert "er ikke et beløb" in demo_cli("submit", bad, ok=False)
    bad.write_text("this is = not toml [", encoding="utf-8")
    assert "kan ikke læses" in demo_cli("submit", bad, ok=False)


def test_an_e_invoice_is_imported_and_checked_from_the_shell(demo_cli):
    data = Path(__file__).parent / "data"
    out = demo_cli("invoice", "import", "2026-0001", data / "peppol" / "dk-domi-festudlejning.xml")
    # Delivered in June 2025, long before the demo case was approved.
    assert "Odder Festudlejning ApS nr." in out and "afvist" in out
    assert "Begrundelse (R6): Fakturaen er leveret 14.06.2025, før tilsagnet" in out
    out = demo_cli("invoice", "import", "2026-0001", data / "hostile" / "xxe-passwd.xml", ok=False)
    assert "sikkerhed" in out


def test_the_years_grants_and_payments_are_exported(demo_cli, tmp_path):
    import csv
    import json

    package = json.loads(demo_cli("export", "360giving", "2025"))
    assert len(package["grants"]) == 9
    assert {g["currency"] for g in package["grants"]} == {"DKK"}
    assert "Karen Jensen" not in json.dumps(package, ensure_ascii=False)
    target = tmp_path / "betalinger.csv"
    demo_cli("export", "payments", "2025", "-o", target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Dato", "Sagsnr.", "Leverandør"]
    total = sum(int(row[5].replace(",", "")) for row in rows[1:])
    assert total == 96_500_00
    assert "regneark skal skrives til en fil" in demo_cli("export", "payments", "2025", "--xlsx",
                                                     ok=False)


def test_the_board_report_and_case_documents_are_written_as_pdf(demo_cli, tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "aarsrapport.pdf"
    assert "aarsrapport.pdf er skrevet" in demo_cli("report", "year", "2025", "-o", target)
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "96.500,00" in text and "Retningslinjer for pulje" in text
    for kind, reference in (("application", "2026-0001"), ("letter", "2026-0001"),
                            ("statement", "2025-0004"), ("letter", "2026-0009")):
        out = tmp_path / f"{kind}-{reference}.pdf"
        demo_cli("report", kind, reference, "-o", out)
        assert out.read_bytes().startswith(b"%PDF-")
    assert "ikke afgjort endnu" in demo_cli("report", "letter", "2026-0007", "-o",
                                       tmp_path / "x.pdf", ok=False)


def test_every_payment_traces_to_named_people_until_one_does_not(demo_cli, tmp_path):
    assert "Alle betalinger kan spores" in demo_cli("invoice", "trace")
    connection = sqlite3.connect(tmp_path / "cli.sqlite")
    with connection:
        payment_id, = connection.execute("SELECT min(id) FROM payment").fetchone()
        connection.execute("UPDATE payment SET recorded_by = 'caseworker Ukendt' WHERE id = ?",
                           (payment_id,))
    connection.close()
    out = demo_cli("invoice", "trace", ok=False)
    assert f"Betaling {payment_id} kan ikke spores: den er registreret af caseworker Ukendt" in out
    assert out.count("kan ikke spores") == 1


def test_a_step_without_a_real_user_is_refused_and_changes_nothing(cli, monkeypatch):
    cli("demo", "--today", "2026-11-29")
    monkeypatch.delenv("PULJE_ACTOR")
    monkeypatch.setenv("USER", "root")
    assert "Angiv, hvem der handler: --as E-MAIL" in cli("review", "2026-0007", ok=False)
    out = cli("review", "2026-0007", "--as", "bent@domi.example", ok=False)
    assert "ikke en aktiv sagsbehandler eller administrator i DOMI Bolig" in out
    out = cli("review", "2026-0007", "--as", "ukendt@domi.example", ok=False)
    assert "ikke en aktiv sagsbehandler" in out
    assert "modtaget" in cli("cases", "--state", "submitted")
    out = cli("review", "2026-0007", "--as", "mette@domi.example")
    assert "modtaget → under behandling" in out
