"""The administrator's set-up pages: organisation details, departments with their CSV import,
pool years and rule versions. Bad input gives a Danish message and writes nothing."""

from __future__ import annotations

from html import unescape

import pytest
from sqlmodel import func, select

from pulje.clock import today
from pulje.models import Application, Department, ExportSettings, Organisation, Pool, RuleSet
from tests.helpers.caseworker_pages import read


@pytest.fixture
def admin(client, login):
    login(client, "admin@domi.example")
    return client


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


ORGANISATION = {"name": "DOMI Bolig", "legal_name": "DOMI Bolig", "cvr": "30000005",
                "address": "Rådhusgade 1, 8300 Odder", "phone": "87 80 10 00",
                "email": "pulje@domi.example", "invoice_address": "Postboks 7, 8300 Odder",
                "invoice_email": "faktura@domi.example", "ean": "5790000000005"}


def organisation(app) -> Organisation:
    return read(app, lambda s, org: s.get(Organisation, org))


def test_the_organisations_details_are_saved(app, admin):
    assert "Kontakt-e-mail" in html(admin.get("/admin/organisation"))
    response = admin.post("/admin/organisation", data=ORGANISATION)
    assert response.status_code == 302
    org = organisation(app)
    assert (org.phone, org.invoice_address, org.invoice_email, org.ean) == (
        "87 80 10 00", "Postboks 7, 8300 Odder", "faktura@domi.example", "5790000000005")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("cvr", "30000006", "CVR-nummeret »30000006« er ikke gyldigt"),
    ("cvr", "1234", "er ikke gyldigt"),
    ("ean", "5790000000006", "EAN-nummeret »5790000000006« er ikke gyldigt"),
    ("invoice_email", "faktura", "Skriv en gyldig e-mailadresse"),
    ("name", "", "Feltet skal udfyldes."),
])
def test_bad_organisation_details_are_refused_and_nothing_changes(app, admin, field, value,
                                                                  message):
    before = organisation(app).model_dump()
    response = admin.post("/admin/organisation", data={**ORGANISATION, field: value,
                                                       "phone": "11 11 11 11"})
    assert response.status_code == 422 and message in html(response)
    assert organisation(app).model_dump() == before


def departments(app) -> dict[str, tuple[str, bool]]:
    return read(app, lambda s, org: {d.number: (d.name, d.retired) for d in s.exec(
        select(Department).where(Department.organisation_id == org))})


def test_departments_are_added_renamed_and_retired(app, admin):
    assert admin.post("/admin/afdelinger", data={"number": "8", "name": "Havebyen",
                                                 "address": "Havevej 2"}).status_code == 302
    new = read(app, lambda s, org: s.exec(select(Department.id).where(
        Department.organisation_id == org, Department.number == "8")).one())
    admin.post(f"/admin/afdelinger/{new}/navn", data={"name": "Haveby Nord"})
    admin.post(f"/admin/afdelinger/{new}/brug")
    assert departments(app)["8"] == ("Haveby Nord", True)
    assert "Haveby Nord" not in html(app.test_client().get("/ansoeg"))
    admin.post(f"/admin/afdelinger/{new}/brug")
    assert departments(app)["8"] == ("Haveby Nord", False)


def test_a_duplicate_department_number_is_refused(app, admin):
    before = departments(app)
    response = admin.post("/admin/afdelinger", data={"number": "1", "name": "Kopi"})
    assert response.status_code == 422
    assert "Der findes allerede en afdeling med nummer 1." in html(response)
    assert departments(app) == before


def test_a_department_with_cases_is_retired_and_keeps_its_cases(app, admin):
    with_cases = read(app, lambda s, org: s.exec(select(Department.id).where(
        Department.organisation_id == org, Department.number == "1")).one())
    admin.post(f"/admin/afdelinger/{with_cases}/brug")
    assert departments(app)["1"][1] is True
    assert len(departments(app)) == 7


def test_a_csv_import_is_previewed_then_carried_out(app, admin):
    text = "nummer;navn;adresse\n1;Søvangen Øst;Søvej 1\n8;Havebyen;Havevej 2\n2;Kildevang;\n"
    before = departments(app)
    preview = admin.post("/admin/afdelinger/import", data={"csv": text})
    page = html(preview)
    assert preview.status_code == 200
    assert "8 Havebyen" in page and "1: Søvangen → Søvangen Øst" in page
    assert departments(app) == before
    done = admin.post("/admin/afdelinger/import", data={"csv": text, "confirm": "1"},
                      follow_redirects=True)
    assert "1 nye og 1 ændrede afdelinger er indlæst." in html(done)
    after = departments(app)
    assert after["8"] == ("Havebyen", False) and after["1"][0] == "Søvangen Øst"
    assert after["2"] == before["2"]


def test_a_csv_file_from_a_danish_excel_is_read(app, admin):
    from io import BytesIO

    data = "nummer;navn;adresse\r\n8;Åbyhøj;Ågade 1\r\n".encode("cp1252")
    preview = admin.post("/admin/afdelinger/import", data={"file": (BytesIO(data), "a.csv")},
                         content_type="multipart/form-data")
    assert preview.status_code == 200 and "8 Åbyhøj, Ågade 1" in html(preview)
    done = admin.post("/admin/afdelinger/import", data={"csv": "8;Åbyhøj;Ågade 1\n",
                                                       "confirm": "1"})
    assert done.status_code == 302 and departments(app)["8"] == ("Åbyhøj", False)


def test_an_empty_import_is_refused(app, admin):
    before = departments(app)
    response = admin.post("/admin/afdelinger/import", data={"csv": " "}, follow_redirects=True)
    assert "Vælg en CSV-fil eller indsæt linjerne" in html(response)
    assert departments(app) == before


def test_a_csv_with_broken_lines_names_each_and_imports_nothing(app, admin):
    text = "9;Ny afdeling;Vej 1\n10\n11;;Vej 3\n12;A;B;C\n9;Igen;\n"
    before = departments(app)
    for data in ({"csv": text}, {"csv": text, "confirm": "1"}):
        response = admin.post("/admin/afdelinger/import", data=data)
        page = html(response)
        assert response.status_code == 422 and "intet er ændret" in page
        assert "Linje 2: forventede »nummer;navn;adresse«, men fandt 1 felt(er)." in page
        assert "Linje 3: Skriv afdelingens navn." in page
        assert "Linje 4: forventede" in page and "fandt 4 felt(er)" in page
        assert "Linje 5: afdeling 9 står to gange i filen." in page
        assert departments(app) == before


RULES = {"total": "120.000", "cap": "25.000", "purpose_1": "går på tværs af afdelinger",
         "purpose_2": "for en mindre gruppe", "purpose_3": "", "purposes_required": "1",
         "invoice_deadline_days": "60", "title": "Retningslinjer 2027",
         "approved_on": "2026-06-01", "text": "Puljens regler."}


def pools(app) -> dict[int, tuple[int, int]]:
    return read(app, lambda s, org: {p.year: (p.total, p.cap) for p in s.exec(
        select(Pool).where(Pool.organisation_id == org))})


def test_next_years_pool_is_offered_with_this_years_rules_and_opened(app, admin):
    year = today().year
    page = html(admin.get("/admin/puljer"))
    assert f'value="{year + 1}"' in page and 'value="20.000,00"' in page
    assert "går på tværs af afdelinger" in page
    response = admin.post("/admin/puljer", data={**RULES, "year": str(year + 1)})
    assert response.status_code == 302
    assert pools(app)[year + 1] == (120_000_00, 25_000_00)
    rule_set = read(app, lambda s, org: s.exec(select(RuleSet).join(Pool).where(
        Pool.organisation_id == org, Pool.year == year + 1)).one())
    assert (rule_set.version, rule_set.invoice_deadline_days, rule_set.purposes) == (
        1, 60, ["går på tværs af afdelinger", "for en mindre gruppe"])


@pytest.mark.parametrize(("overrides", "message"), [
    ({"cap": "130.000"}, "kan ikke være større end hele puljen"),
    ({"year": "current"}, "Der findes allerede en pulje for"),
    ({"year": "2099"}, "Der kan kun åbnes en pulje for i år"),
    ({"total": "0"}, "skal være over 0,00 kr."),
    ({"purpose_1": ""}, "Feltet skal udfyldes."),
    ({"purposes_required": "3"}, "skal være mellem 1 og 2"),
    ({"approved_on": "2099-01-01"}, "kan ikke ligge i fremtiden"),
    ({"total": "mange"}, "beløb"),
])
def test_bad_pool_rules_are_refused_and_nothing_is_opened(app, admin, overrides, message):
    year = today().year
    data = {**RULES, "year": str(year + 1), **overrides}
    if data["year"] == "current":
        data["year"] = str(year)
    before = pools(app), read(app, lambda s, org: s.exec(select(func.count()).select_from(
        RuleSet)).one())
    response = admin.post("/admin/puljer", data=data)
    assert response.status_code == 422 and message in html(response)
    assert (pools(app), read(app, lambda s, org: s.exec(select(func.count()).select_from(
        RuleSet)).one())) == before


def test_changed_rules_become_a_new_version_and_old_cases_keep_theirs(app, admin):
    year = today().year
    page = html(admin.get(f"/admin/puljer/{year}"))
    assert "Version 1" in page
    response = admin.post(f"/admin/puljer/{year}", data={
        **RULES, "total": "100.000", "cap": "15.000",
        "valid_from": today().isoformat(), "approved_on": today().isoformat()})
    assert response.status_code == 302, html(response)
    page = html(admin.get(f"/admin/puljer/{year}"))
    assert "Version 2" in page and "Version 1" in page
    assert pools(app)[year] == (100_000_00, 15_000_00)

    def decided(session, org):
        return session.exec(select(Application.rule_version, RuleSet.version)
                            .join(RuleSet, RuleSet.id == Application.rule_set_id)
                            .join(Pool, Pool.id == Application.pool_id)
                            .where(Pool.organisation_id == org, Pool.year == year)).all()

    rows = read(app, decided)
    assert rows and {version for _, version in rows} == {1}
    assert all(text.endswith(", version 1") for text, _ in rows)


def test_rules_below_what_is_already_granted_are_refused(app, admin):
    year = today().year
    before = pools(app)[year]
    response = admin.post(f"/admin/puljer/{year}", data={**RULES, "total": "1.000",
                                                         "cap": "500"})
    assert response.status_code == 422 and "kan ikke sættes lavere" in html(response)
    assert pools(app)[year] == before


def test_another_organisations_departments_and_pools_are_out_of_reach(app, admin):
    def other(session, org):
        stranger = Organisation(name="Anden", legal_name="Anden", cvr="10000009")
        session.add(stranger)
        session.flush()
        department = Department(organisation_id=stranger.id, number="1", name="Fremmed")
        session.add(department)
        session.add(Pool(organisation_id=stranger.id, year=2031, total=1_000_00, cap=100_00,
                         rule_version="R", rule_approved_on=today(), opens_on=today(),
                         closes_on=today()))
        session.commit()
        return department.id

    foreign = read(app, other)
    assert admin.post(f"/admin/afdelinger/{foreign}/navn", data={"name": "Mit"}
                      ).status_code == 404
    assert admin.post(f"/admin/afdelinger/{foreign}/brug").status_code == 404
    assert admin.post(f"/admin/afdelinger/{foreign}/boliger", data={"homes": "10"}
                      ).status_code == 404
    assert admin.get("/admin/puljer/2031").status_code == 404
    assert "Fremmed" not in html(admin.get("/admin/afdelinger"))
    assert read(app, lambda s, org: (s.get(Department, foreign).name,
                                     s.get(Department, foreign).retired,
                                     s.get(Department, foreign).homes)) == ("Fremmed", False, None)


def test_a_new_department_takes_its_number_of_homes_and_refuses_a_bad_one(app, admin):
    assert admin.post("/admin/afdelinger", data={"number": "9", "name": "Engen",
                                                 "homes": "120"}).status_code == 302
    homes = read(app, lambda s, org: s.exec(select(Department.homes).where(
        Department.organisation_id == org, Department.number == "9")).one())
    assert homes == 120
    before = departments(app)
    for bad in ("0", "mange", "100001"):
        response = admin.post("/admin/afdelinger", data={"number": "10", "name": "Ny",
                                                         "homes": bad})
        assert response.status_code == 422 and "helt tal" in html(response), bad
    assert departments(app) == before


def test_an_existing_departments_homes_are_set_on_the_page_and_bad_numbers_refused(app, admin):
    department_id, number = read(app, lambda s, org: s.exec(select(
        Department.id, Department.number).where(Department.organisation_id == org)
        .order_by(Department.id)).first())

    def homes():
        return read(app, lambda s, _org: s.get(Department, department_id).homes)

    url = f"/admin/afdelinger/{department_id}/boliger"
    saved = admin.post(url, data={"homes": "1250"}, follow_redirects=True)
    assert f"Afdeling {number} " in html(saved) and ": 1250 boliger." in html(saved)
    assert homes() == 1250
    assert 'value="1250"' in html(admin.get("/admin/afdelinger"))
    for bad, message in (("0", "Skriv et helt tal fra 1 til 100.000."),
                         ("100001", "Skriv et helt tal fra 1 til 100.000."),
                         ("mange", "Skriv et helt tal, fx 25.")):
        refused = admin.post(url, data={"homes": bad}, follow_redirects=True)
        assert f"Antallet af boliger er ikke gemt. {message}" in html(refused), bad
        assert homes() == 1250
    unknown = admin.post(url, data={"homes": ""}, follow_redirects=True)
    assert "ukendt antal boliger" in html(unknown) and homes() is None


def accounts(app) -> tuple[str, str] | None:
    settings = read(app, lambda s, org: s.get(ExportSettings, org))
    return None if settings is None else (settings.expense_account, settings.bank_account)


def test_the_journal_accounts_are_set_on_the_organisation_page(app, admin, login):
    assert "Puljens udgiftskonto" in html(admin.get("/admin/organisation"))
    response = admin.post("/admin/organisation/bogfoering", data={
        "accounts-expense_account": " 2750 ", "accounts-bank_account": "5820"})
    assert response.status_code == 302 and response.location.endswith("#bogfoering")
    assert accounts(app) == ("2750", "5820")
    page = html(admin.get("/admin/organisation"))
    assert 'value="2750"' in page and "Bogføringskontiene er gemt." in page
    # The journal can now be fetched by a caseworker.
    login(admin, "mette@domi.example")
    download = admin.post("/bogfoering/kassekladde", data={
        "period_from": "2000-01-01", "period_to": "2099-12-31", "kind": "csv"})
    assert download.status_code == 200 and "attachment" in download.headers[
        "Content-Disposition"]


@pytest.mark.parametrize(("expense", "bank", "message"), [
    ("", "5820", "Feltet skal udfyldes."),
    ("2750", "2750", "Udgiftskontoen og bankkontoen skal være to forskellige konti."),
    ("27 50", "5820", "Udgiftskontoen »27 50« er ikke et kontonummer"),
    ("2" * 21, "5820", "Højst 20 tegn."),
])
def test_bad_journal_accounts_are_refused_and_nothing_changes(app, admin, expense, bank,
                                                              message):
    admin.post("/admin/organisation/bogfoering", data={
        "accounts-expense_account": "1000", "accounts-bank_account": "2000"})
    response = admin.post("/admin/organisation/bogfoering", data={
        "accounts-expense_account": expense, "accounts-bank_account": bank})
    assert response.status_code == 422 and message in html(response)
    assert accounts(app) == ("1000", "2000")


def test_only_an_administrator_sets_the_journal_accounts(app, client, login):
    login(client, "mette@domi.example")
    response = client.post("/admin/organisation/bogfoering", data={
        "accounts-expense_account": "2750", "accounts-bank_account": "5820"})
    assert response.status_code in (302, 403)
    assert accounts(app) is None
