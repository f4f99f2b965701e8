"""Every set-up step from the shell, and what each refuses (in Danish, writing nothing)."""

from __future__ import annotations

import re

import pytest

CVR = "10000009"


@pytest.fixture
def bo_vest(cli):
    """An empty installation with one organisation made by `pulje org create`."""
    cli("db", "upgrade")
    out = cli("org", "create", "--name", "Bo Vest", "--cvr", CVR, "--admin-email",
              "anna@bovest.example", "--admin-name", "Anna Holm")
    assert re.search(r"/invitation/\S{30,}", out)
    return cli


def test_a_bad_organisation_is_refused_and_nothing_is_created(cli):
    cli("db", "upgrade")
    out = cli("org", "create", "--name", "Bo Vest", "--cvr", "10000008", "--admin-email",
              "anna@bovest.example", ok=False)
    assert "CVR-nummeret »10000008« er ikke gyldigt" in out
    assert "Der er ingen organisationer endnu." in cli("org", "list")
    assert "anna@bovest.example" not in cli("outbox")


def test_the_organisation_is_edited_and_a_bad_ean_changes_nothing(bo_vest):
    cli = bo_vest
    assert "Bo Vest er opdateret." in cli("org", "edit", "--phone", "70 20 30 40",
                                          "--invoice-email", "faktura@bovest.example")
    out = cli("org", "edit", "--ean", "5790000000006", "--phone", "11 11 11 11", ok=False)
    assert "EAN-nummeret »5790000000006« er ikke gyldigt" in out
    assert cli("org", "create", "--name", "Bo Vest 2", "--cvr", CVR, "--admin-email",
               "x@bovest.example", ok=False).count("allerede en organisation med CVR") == 1


def test_departments_from_the_shell(bo_vest, tmp_path):
    cli = bo_vest
    assert "Afdeling 1 Vestparken er oprettet." in cli("department", "add", "1", "Vestparken")
    assert "allerede en afdeling med nummer 1" in cli("department", "add", "1", "Kopi",
                                                      ok=False)
    assert "hedder nu Vestparken Syd" in cli("department", "rename", "1", "Vestparken Syd")
    assert "taget ud af brug" in cli("department", "retire", "1")
    assert "i brug igen" in cli("department", "retire", "1", "--undo")
    csv = tmp_path / "afdelinger.csv"
    csv.write_text("nummer;navn;adresse\n1;Vestparken;Vestvej 1\n2;Østparken;\n",
                   encoding="utf-8")
    preview = cli("department", "import", csv)
    assert "ny: 2 Østparken" in preview and "ændret: 1 Vestparken Syd → Vestparken" in preview
    assert "Intet er ændret endnu" in preview
    assert "Der er ingen afdeling med nummer 2" in cli("department", "rename", "2", "X",
                                                       ok=False)
    assert "1 ny(e) og 1 ændret" in cli("department", "import", csv, "--apply")
    broken = tmp_path / "brudt.csv"
    broken.write_text("3;Nordparken\n4\n", encoding="utf-8")
    out = cli("department", "import", broken, "--apply", ok=False)
    assert "Linje 2: forventede »nummer;navn;adresse«" in out and "Intet er indlæst" in out
    assert "Der er ingen afdeling med nummer 3" in cli("department", "rename", "3", "X",
                                                       ok=False)


RULES = ("--total", "60.000", "--cap", "10.000", "--purpose", "styrker naboskabet",
         "--title", "Puljeregler", "--approved", "2026-01-15", "--deadline-days", "30")


def test_pools_and_rule_versions_from_the_shell(bo_vest):
    cli = bo_vest
    out = cli("open-pool", "2026", "--today", "2026-03-01", ok=False)
    assert "ingen tidligere pulje at kopiere" in out
    out = cli("open-pool", "2026", *RULES[:2], "--cap", "70.000", *RULES[4:],
              "--today", "2026-03-01", ok=False)
    assert "kan ikke være større end hele puljen" in out
    assert "Puljen 2026 er åbnet" in cli("open-pool", "2026", *RULES, "--today", "2026-03-01")
    assert "Der findes allerede en pulje for 2026." in cli(
        "open-pool", "2026", *RULES, "--today", "2026-03-01", ok=False)
    out = cli("open-pool", "2027", "--cap", "12.000", "--today", "2026-12-01")
    assert "i alt 60.000,00\xa0kr., loft 12.000,00\xa0kr." in out
    assert f"{CVR}  Bo Vest: 2026, 2027" in cli("org", "list")
    out = cli("rules", "change", "2026", "--cap", "8.000", "--from", "2026-04-01",
              "--today", "2026-03-01")
    # No case was decided under version 1 yet: it is corrected, not versioned.
    assert "version 1 fra 01.01.2026" in out
    assert "loft 8.000,00\xa0kr." in cli("rules", "show", "2026")


def test_users_from_the_shell(bo_vest):
    cli = bo_vest
    out = cli("user", "invite", "--email", "jonas@bovest.example", "--name", "Jonas Friis",
              "--role", "caseworker")
    assert "Invitationen er sendt til jonas@bovest.example (sagsbehandler)." in out
    assert "allerede en bruger" in cli("user", "invite", "--email", "jonas@bovest.example",
                                       "--name", "J", "--role", "board", ok=False)
    assert "Jonas Friis, administrator" in cli("user", "edit", "jonas@bovest.example",
                                               "--role", "admin")
    assert "deaktiveret" in cli("user", "deactivate", "jonas@bovest.example")
    assert "eneste aktive administrator" in cli("user", "deactivate", "anna@bovest.example",
                                                ok=False)
    assert "aktiv" in cli("user", "deactivate", "jonas@bovest.example", "--undo")
    assert "ingen bruger med e-mail" in cli("user", "edit", "nogen@bovest.example",
                                            "--name", "X", ok=False)


def test_next_years_rules_changed_in_december_apply_from_when_it_opens(bo_vest):
    cli = bo_vest
    cli("open-pool", "2026", *RULES, "--today", "2026-03-01")
    cli("open-pool", "2027", "--today", "2026-12-01")
    out = cli("rules", "change", "2027", "--cap", "9.000", "--today", "2026-12-02")
    assert "version 1 fra 01.01.2027" in out
