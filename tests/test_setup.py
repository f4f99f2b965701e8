"""Setting up without the demo, on both engines: organisations, departments, pool years with
versioned rule sets (R10), invitation and reset links, the last administrator."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from pulje.models import Application, Department, Organisation, OutboxMail, Pool, RuleSet, User
from pulje.services import decisions, departments, rulesets, user_links
from pulje.services.documents import decision_letter_data
from pulje.services.errors import InputError
from pulje.services.organisations import (
    OrganisationInput,
    create_organisation,
    list_organisations,
    update_organisation,
)
from pulje.services.passwords import check_new_password
from pulje.services.submission import submit_application
from pulje.services.users import authenticate, set_active, update_user
from pulje.services.year_report import build_year_report
from tests.factories import CASEWORKER, TODAY

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RULES = rulesets.RuleSetInput(
    total=60_000_00, cap=10_000_00, purposes=["styrker naboskabet", "er for børn og unge"],
    purposes_required=1, invoice_deadline_days=30, title="Puljeregler for Bo Vest",
    approved_on=date(2026, 1, 15), text="Bo Vests regler.")


def link(token: str) -> str:
    return f"https://pulje.test/invitation/{token}"


def counts(session) -> tuple[int, ...]:
    return tuple(session.exec(select(func.count()).select_from(model)).one()
                 for model in (Organisation, User, OutboxMail, Department, Pool, RuleSet))


@pytest.fixture
def bo_vest(session):
    """A second organisation set up through the services alone, with its 2026 pool."""
    organisation, admin = create_organisation(
        session, OrganisationInput(name="Bo Vest", cvr="10000009", phone="70 20 30 40",
                                   invoice_email="faktura@bovest.example"),
        admin_email="Anna@BoVest.example", admin_name="Anna Holm", now=NOW, link_for=link)
    departments.add_department(session, organisation.id, number="1", name="Vestparken")
    rulesets.open_pool(session, organisation.id, 2026, today=TODAY, rules=RULES)
    return organisation


def test_an_organisation_and_its_first_admin_are_created_in_one_step(session, bo_vest):
    admin = session.exec(select(User).where(User.organisation_id == bo_vest.id)).one()
    assert (admin.email, admin.role, admin.name) == ("anna@bovest.example", "admin",
                                                      "Anna Holm")
    assert bo_vest.legal_name == "Bo Vest" and bo_vest.phone == "70 20 30 40"
    mail = session.exec(select(OutboxMail).where(OutboxMail.to == admin.email)).one()
    assert "https://pulje.test/invitation/" in mail.body and "72 timer" in mail.body
    assert authenticate(session, admin.email, "!") is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"cvr": "10000008"}, "CVR-nummeret »10000008« er ikke gyldigt"),
    ({"cvr": "30000005"}, "Der findes allerede en organisation med CVR 30000005."),
    ({"name": " "}, "Skriv organisationens navn."),
    ({"ean": "123"}, "EAN-nummeret »123« er ikke gyldigt"),
    ({"email": "ikke en adresse"}, "Skriv en gyldig e-mailadresse"),
])
def test_bad_organisation_input_writes_nothing(session, organisation, changes, message):
    before = counts(session)
    data = OrganisationInput(**{"name": "Bo Nord", "cvr": "10000009", **changes})
    nested = session.begin_nested()
    with pytest.raises(InputError, match=message):
        create_organisation(session, data, admin_email="a@bonord.example", admin_name="A",
                            now=NOW, link_for=link)
    nested.rollback()
    assert counts(session) == before


def test_editing_keeps_the_cvr_unique_and_valid(session, organisation, bo_vest):
    data = OrganisationInput(name="Bo Vest", cvr="30000005")
    with pytest.raises(InputError, match="allerede en organisation"):
        update_organisation(session, bo_vest, data)
    update_organisation(session, bo_vest, OrganisationInput(name="Bo Vest A/S", cvr="10000009"))
    assert bo_vest.name == "Bo Vest A/S"


def test_the_site_operator_lists_every_organisation_with_its_pool_years(session, organisation,
                                                                        bo_vest):
    listed = {org.cvr: years for org, years in list_organisations(session)}
    assert listed == {"30000005": [2026], "10000009": [2026]}


def test_next_years_pool_copies_this_years_rules(session, bo_vest):
    pool = rulesets.open_pool(session, bo_vest.id, 2027, today=date(2026, 12, 1))
    rule_set = rulesets.current_rule_set(session, pool)
    assert (pool.total, pool.cap, rule_set.purposes, rule_set.version) == (
        60_000_00, 10_000_00, RULES.purposes, 1)
    with pytest.raises(InputError, match="Der findes allerede en pulje for 2027."):
        rulesets.open_pool(session, bo_vest.id, 2027, today=date(2026, 12, 1))
    with pytest.raises(InputError, match="Der er ingen tidligere pulje at kopiere"):
        rulesets.open_pool(session, 999_999, 2027, today=date(2026, 12, 1))


@pytest.mark.parametrize(("changes", "message"), [
    ({"cap": 70_000_00}, "kan ikke være større end hele puljen"),
    ({"total": 0}, "Puljens samlede beløb skal være over 0,00 kr."),
    ({"cap": -1}, "Loftet pr. projekt skal være over 0,00 kr."),
    ({"purposes": [" "]}, "Skriv mindst ét formål"),
    ({"purposes": ["a", "b", "c", "d"]}, "højst have 3 formål"),
    ({"purposes_required": 3}, "mellem 1 og 2"),
    ({"invoice_deadline_days": -1}, "Fristen for fakturaer"),
    ({"approved_on": date(2027, 1, 1)}, "fremtiden"),
    ({"title": ""}, "titel"),
])
def test_bad_rules_open_no_pool(session, bo_vest, changes, message):
    before = counts(session)
    with pytest.raises(InputError, match=message):
        rulesets.open_pool(session, bo_vest.id, 2027, today=date(2026, 12, 1),
                           rules=replace(RULES, **changes))
    assert counts(session) == before


def apply(session, organisation, application_input, **overrides):
    data = application_input(department_number="1", requested=5_000_00, **overrides)
    return submit_application(session, organisation.id, data, today=TODAY)


def test_r5_reads_the_purposes_and_their_number_from_the_rule_set(session, bo_vest,
                                                                   application_input, refused):
    pool = session.exec(select(Pool).where(Pool.organisation_id == bo_vest.id)).one()
    rulesets.change_rules(session, pool, replace(RULES, purposes_required=2), valid_from=TODAY,
                          today=TODAY)
    error = refused(lambda: apply(session, bo_vest, application_input,
                                  across_departments=True, short_notice=False),
                    rule="R5", message="Sæt kryds ved mindst 2 af puljens formål")
    assert "»styrker naboskabet«, »er for børn og unge«" in error.message
    case = apply(session, bo_vest, application_input, across_departments=True,
                 short_notice=True)
    assert case.state == "submitted"


def test_a_case_decided_under_version_1_keeps_it_after_the_rules_change(session, bo_vest,
                                                                        application_input):
    pool = session.exec(select(Pool).where(Pool.organisation_id == bo_vest.id)).one()
    case = apply(session, bo_vest, application_input)
    decisions.start_review(session, case, CASEWORKER)
    decisions.approve(session, case, CASEWORKER, 5_000_00, today=TODAY)
    version_1 = rulesets.current_rule_set(session, pool)
    assert case.rule_set_id == version_1.id
    assert case.rule_version == "Puljeregler for Bo Vest, godkendt 15.01.2026, version 1"
    deadline_v1 = decisions.invoice_deadline(pool, case)
    assert deadline_v1 == case.period_end + timedelta(days=30)

    changed = replace(RULES, cap=8_000_00, invoice_deadline_days=60, title="Nye regler")
    version_2 = rulesets.change_rules(session, pool, changed, valid_from=date(2026, 4, 1),
                                      today=TODAY)
    assert (version_2.version, version_2.valid_from) == (2, date(2026, 4, 1))
    assert (pool.cap, pool.invoice_deadline_days, pool.rule_version) == (8_000_00, 60,
                                                                         "Nye regler")
    session.expire_all()
    case = session.get(Application, case.id)
    assert case.rule_set_id == version_1.id
    assert session.get(RuleSet, version_1.id).cap == 10_000_00
    assert decisions.invoice_deadline(pool, case) == deadline_v1
    letter = decision_letter_data(session, case)
    assert letter.application.rule_version.endswith("version 1")

    assert build_year_report(session, pool, TODAY).rule_version == (
        "Nye regler (version 1 fra 01.01.2026; version 2 fra 01.04.2026)")
    later = apply(session, bo_vest, application_input, title="Efter ændringen")
    decisions.start_review(session, later, CASEWORKER)
    decisions.approve(session, later, CASEWORKER, 5_000_00, today=TODAY)
    assert later.rule_set_id == version_2.id and later.rule_version.endswith("version 2")


def test_rules_no_case_was_decided_under_are_corrected_in_place(session, bo_vest):
    pool = session.exec(select(Pool).where(Pool.organisation_id == bo_vest.id)).one()
    rule_set = rulesets.change_rules(session, pool, replace(RULES, total=70_000_00),
                                     valid_from=TODAY, today=TODAY)
    assert rule_set.version == 1 and [r.total for r in rulesets.rule_history(session, pool)] \
        == [70_000_00]


def test_a_total_below_what_is_used_or_a_date_outside_the_year_is_refused(session, bo_vest,
                                                                          application_input):
    pool = session.exec(select(Pool).where(Pool.organisation_id == bo_vest.id)).one()
    case = apply(session, bo_vest, application_input)
    decisions.start_review(session, case, CASEWORKER)
    decisions.approve(session, case, CASEWORKER, 5_000_00, today=TODAY)
    with pytest.raises(InputError, match="kan ikke sættes lavere"):
        rulesets.change_rules(session, pool, replace(RULES, total=4_000_00, cap=1_000_00),
                              valid_from=TODAY, today=TODAY)
    with pytest.raises(InputError, match="fra en dato i 2026"):
        rulesets.change_rules(session, pool, RULES, valid_from=date(2027, 1, 1), today=TODAY)
    assert len(rulesets.rule_history(session, pool)) == 1


def test_departments_are_unique_retired_not_deleted_and_imported_all_or_nothing(
        session, bo_vest, application_input, refused):
    with pytest.raises(InputError, match="allerede en afdeling med nummer 1"):
        departments.add_department(session, bo_vest.id, number=" 1 ", name="Kopi")
    vest = departments.department_by_number(session, bo_vest.id, "1")
    departments.set_retired(session, vest, True)
    refused(lambda: apply(session, bo_vest, application_input),
            message="Vælg den afdeling, du bor i.")
    plan = departments.plan_import(session, bo_vest.id, "2;Østparken\n3\n")
    assert plan.errors == ["Linje 2: forventede »nummer;navn;adresse«, men fandt 1 felt(er)."]
    with pytest.raises(InputError, match="Filen er ikke indlæst"):
        departments.apply_import(session, bo_vest.id, "2;Østparken\n3\n")
    assert session.exec(select(func.count()).select_from(Department).where(
        Department.organisation_id == bo_vest.id)).one() == 1
    assert departments.plan_import(session, bo_vest.id, "").errors == [
        "Filen indeholder ingen afdelinger."]


def invited(session, bo_vest) -> tuple[User, str]:
    user = session.exec(select(User).where(User.organisation_id == bo_vest.id)).one()
    return user, user_links.issue(session, user, "invite", now=NOW)


def test_links_are_single_use_expire_and_die_with_a_newer_one(session, bo_vest):
    user, secret = invited(session, bo_vest)
    with pytest.raises(InputError, match="udløbet eller allerede brugt"):
        user_links.holder(session, secret, "invite", now=NOW + timedelta(hours=72))
    with pytest.raises(InputError, match="udløbet"):
        user_links.holder(session, secret, "reset", now=NOW)
    assert user_links.holder(session, secret, "invite", now=NOW + timedelta(hours=71)) == user
    newer = user_links.issue(session, user, "invite", now=NOW)
    with pytest.raises(InputError):
        user_links.holder(session, secret, "invite", now=NOW)
    user_links.redeem(session, newer, "invite", "lange ord i en række", now=NOW)
    assert authenticate(session, user.email, "lange ord i en række") == user
    with pytest.raises(InputError):
        user_links.redeem(session, newer, "invite", "andre lange ord her", now=NOW)


def test_reset_mails_only_a_known_active_user(session, bo_vest):
    before = session.exec(select(func.count()).select_from(OutboxMail)).one()
    user_links.request_reset(session, "ingen@bovest.example", now=NOW, link_for=link)
    assert session.exec(select(func.count()).select_from(OutboxMail)).one() == before
    user, _ = invited(session, bo_vest)
    user_links.request_reset(session, user.email, now=NOW, link_for=link)
    assert session.exec(select(func.count()).select_from(OutboxMail)).one() == before + 1


def test_deactivation_voids_links_and_the_last_admin_stays(session, bo_vest):
    user, secret = invited(session, bo_vest)
    with pytest.raises(InputError, match="eneste aktive administrator"):
        set_active(session, user, False)
    with pytest.raises(InputError, match="eneste aktive administrator"):
        update_user(session, user, name=user.name, role="caseworker")
    second = User(organisation_id=bo_vest.id, email="b@bovest.example", name="B", role="admin",
                  password_hash="!")
    session.add(second)
    session.flush()
    set_active(session, user, False)
    with pytest.raises(InputError):
        user_links.holder(session, secret, "invite", now=NOW)
    with pytest.raises(InputError, match="eneste aktive administrator"):
        set_active(session, second, False)


@pytest.mark.parametrize(("password", "message"), [
    ("kort", "mindst 10 tegn"), ("Adgangskode123", "for almindelig"),
    ("aaaaaaaaaaaa", "for almindelig"), ("x" * 201, "højst have 200 tegn"),
])
def test_passwords_are_long_and_uncommon(password, message):
    with pytest.raises(InputError, match=message):
        check_new_password(password)
    check_new_password("tre ord der ikke hænger sammen")
