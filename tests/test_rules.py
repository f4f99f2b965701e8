"""Each of the pool's rules refuses with its Danish message, and a refusal writes nothing."""

from datetime import timedelta

import pytest

from pulje.models import Pool
from pulje.services import decisions
from pulje.services.accounting import pool_figures
from pulje.services.actors import Actor
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.submission import BudgetLineInput, submit_application
from tests.factories import CASEWORKER, TODAY, invoice_input
from workflows.rules import activity_started, invoice_deadline_unused


def test_r1_pool_room_names_what_is_left(session, make_case, refused):
    for _ in range(4):
        make_case("approved", requested=20_000_00)
    make_case("approved", requested=7_500_00)
    last = make_case("in_review", requested=15_000_00)
    refused(lambda: decisions.approve(session, last, CASEWORKER, 15_000_00, today=TODAY),
            rule="R1", message="Der er kun 12.500,00\xa0kr. tilbage i puljen 2026; du kan højst "
            "bevilge 12.500,00\xa0kr.")


def test_r1_released_money_can_be_granted_again(session, pool, make_case, refused):
    cases = [make_case("approved", requested=20_000_00) for _ in range(4)]
    make_case("closed", requested=20_000_00, paid=5_000_00)
    waiting = make_case("in_review", requested=15_000_00)
    decisions.approve(session, waiting, CASEWORKER, 15_000_00, today=TODAY)
    assert waiting.state == "approved"
    full = make_case("in_review", requested=1_000_00)
    refused(lambda: decisions.approve(session, full, CASEWORKER, 1_000_00, today=TODAY),
            rule="R1", message="Puljen 2026 er brugt op")
    # The room came from the closed case alone: the four grants stand, and 4 × 20.000 granted
    # + 5.000 paid + 15.000 granted again is the pool's 100.000.
    assert [(case.state, case.granted) for case in cases] == [("approved", 20_000_00)] * 4
    figures = pool_figures(session, pool)
    assert figures.released == 20_000_00 - 5_000_00
    assert figures.available == 100_000_00 - 4 * 20_000_00 - 5_000_00 - 15_000_00 == 0


@pytest.mark.parametrize("amount, message", [
    (15_000_01, "overstiger puljens loft på 15.000,00\xa0kr. pr. projekt"),
])
def test_r2_cap_per_project(session, make_case, refused, amount, message):
    # The form refuses more than the cap; a pool whose cap was lowered later still guards.
    case = make_case("in_review", requested=20_000_00)
    session.get(Pool, case.pool_id).cap = 15_000_00
    refused(lambda: decisions.approve(session, case, CASEWORKER, amount, today=TODAY),
            rule="R2", message=message)


def test_r2_not_more_than_applied_for(session, make_case, refused):
    case = make_case("in_review", requested=5_000_00)
    refused(lambda: decisions.approve(session, case, CASEWORKER, 6_000_00, today=TODAY),
            rule="R2", message="er mere end de 5.000,00\xa0kr., der er søgt om")
    refused(lambda: decisions.approve(session, case, CASEWORKER, 0, today=TODAY), rule="R2",
            message="mere end 0,00 kr.")


def test_r3_application_longer_than_one_page(session, organisation, application_input, refused):
    long = application_input(purpose="Vi vil gerne mødes og spise sammen. " * 250)
    refused(lambda: submit_application(session, organisation.id, long, today=TODAY),
            rule="R3", message="fylder mere end én side — forkort formålet med ca. ")


def test_r3_message_without_an_estimate_names_the_pages():
    from workflows.rules import one_page

    assert one_page(1) is None
    assert one_page(2, None).message.startswith("Ansøgningen fylder 2 sider")
    assert one_page(3, 1234).message.endswith("forkort formålet med ca. 1.234 tegn.")


@pytest.mark.parametrize("override, message", [
    ({"applicant_name": " "}, "ansøger"),
    ({"title": "", "purpose": ""}, "formål/aktivitet"),
    ({"expected_participants": None}, "forventet antal deltagere"),
    ({"period_start": None}, "periode"),
    ({"budget": []}, "økonomi"),
])
def test_r4_each_required_item(session, organisation, application_input, refused, override,
                               message):
    data = application_input(**override)
    if override.get("budget") == []:
        data.budget = []
    refused(lambda: submit_application(session, organisation.id, data, today=TODAY),
            rule="R4", message=f"Ansøgningen mangler: {message}")


def test_r4_period_in_order_and_budget_positive(session, organisation, application_input,
                                                refused):
    backwards = application_input(period_end=TODAY)
    refused(lambda: submit_application(session, organisation.id, backwards, today=TODAY),
            rule="R4", message="slutdato ligger før startdatoen")
    zero = application_input(budget=[BudgetLineInput(description="Kaffe", amount=0),
                                     BudgetLineInput(description="Kage", amount=100_00)])
    refused(lambda: submit_application(session, organisation.id, zero, today=TODAY),
            rule="R4", message="over 0,00 kr.")


@pytest.mark.parametrize("start, end", [
    ((9999, 12, 1), (9999, 12, 1)), ((2029, 6, 1), (2029, 6, 2)), ((2026, 7, 1), (9999, 12, 31)),
])
def test_r4_period_within_the_pools_reach(session, organisation, application_input, refused,
                                          start, end):
    from datetime import date
    data = application_input(period_start=date(*start), period_end=date(*end))
    refused(lambda: submit_application(session, organisation.id, data, today=TODAY),
            rule="R4", message="senest 31.12.2027")


def test_the_last_day_of_the_following_year_is_still_within_reach(session, organisation,
                                                                  application_input):
    from datetime import date
    data = application_input(period_start=date(2027, 12, 31), period_end=date(2027, 12, 31))
    assert submit_application(session, organisation.id, data, today=TODAY).reference


def test_invoice_deadline_of_a_stored_far_future_case_does_not_overflow():
    from datetime import date

    from workflows.rules import invoice_deadline
    assert invoice_deadline(date(9999, 12, 1), 90) == date.max
    assert invoice_deadline(date(2026, 6, 1), 90) == date(2026, 8, 30)


def test_r4_participants_must_be_a_real_number_of_people(session, organisation,
                                                         application_input, refused):
    data = application_input(expected_participants=10**200)
    refused(lambda: submit_application(session, organisation.id, data, today=TODAY),
            rule="R4", message="højst 100.000")


def test_r4_budget_sum_is_the_amount_applied_for(session, make_case):
    case = make_case(budget=[BudgetLineInput(description="Telt", amount=7_500_00),
                             BudgetLineInput(description="Musik", amount=2_500_50)])
    assert case.requested == 10_000_50


def test_r5_at_least_one_purpose(session, organisation, application_input, refused):
    none_ticked = application_input(across_departments=False)
    refused(lambda: submit_application(session, organisation.id, none_ticked, today=TODAY),
            rule="R5", message="går på tværs af afdelinger")


def test_r6_no_approval_once_the_activity_has_started(session, make_case, refused):
    case = make_case("in_review")
    refused(lambda: decisions.approve(session, case, CASEWORKER, 10_000_00,
                                      today=case.period_start),
            rule="R6", message="tilsagn skal foreligge inden aktiviteten holdes")


def test_r6_invoice_for_activity_before_approval_is_refused(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER,
                               invoice_input(5_000_00, activity_date=TODAY - timedelta(days=3)))
    assert (invoice.state, invoice.refusal_rule) == ("refused", "R6")
    assert invoice.refusal_reason.startswith(
        "Fakturaen er leveret 26.02.2026, før tilsagnet blev givet 01.03.2026.")


def test_r7_invoice_from_the_applicant_is_refused(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER,
                               invoice_input(5_000_00, supplier_name="karen  JENSEN",
                                             supplier_cvr=None))
    assert (invoice.state, invoice.refusal_rule) == ("refused", "R7")
    assert invoice.refusal_reason.startswith("Fakturaen er udstedt af ansøgeren")


def test_r8_sum_paid_never_exceeds_the_grant(session, make_case, refused):
    case = make_case("approved", requested=10_000_00, paid=8_000_00)
    over = register_invoice(session, case, CASEWORKER, invoice_input(2_500_00, number="F-2"))
    assert over.state == "received"  # the caseworker refuses it or accepts the remainder
    refused(lambda: accept_invoice(session, over, CASEWORKER), rule="R8",
            message="Fakturaen på 2.500,00\xa0kr. overstiger det, der er tilbage af bevillingen "
                    "(2.000,00\xa0kr. af 10.000,00\xa0kr.). Afvis den, eller godkend "
                    "2.000,00\xa0kr. af 2.500,00\xa0kr.")


def test_r8_rechecked_when_accepting(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    first = register_invoice(session, case, CASEWORKER, invoice_input(6_000_00, number="A"))
    second = register_invoice(session, case, CASEWORKER, invoice_input(6_000_00, number="B"))
    accept_invoice(session, first, CASEWORKER)
    refused(lambda: accept_invoice(session, second, CASEWORKER), rule="R8",
            message="overstiger det, der er tilbage af bevillingen (4.000,00\xa0kr.")


@pytest.mark.parametrize("buyer, cvr, wrong", [
    ("DOMI Bolig", "30000005", None),
    ("domi  bolig a/s", "DK30000005", None),
    ("DOMI Bolig, afd. 1 Søvangen", "DK 30 00 00 05", None),
    ("DOMI Bolig", "12345678", "CVR-nummeret 12345678 passer ikke"),
    ("Grethe Bach", "30000005", "navnet »Grethe Bach« passer ikke"),
    ("Anden Boligforening", "DK12345674",
     "navnet »Anden Boligforening« og CVR-nummeret DK12345674 passer ikke"),
])
def test_r9_invoice_must_be_made_out_to_the_organisation_by_name_and_cvr(
        session, make_case, buyer, cvr, wrong):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER,
                               invoice_input(1_000_00, buyer_name=buyer, buyer_cvr=cvr))
    if wrong is None:
        assert invoice.state == "received"
    else:
        assert (invoice.state, invoice.refusal_rule) == ("refused", "R9")
        assert invoice.refusal_reason == (
            f"Fakturaen skal lyde på DOMI Bolig (CVR 30000005), men {wrong}.")


def test_r9_a_typed_invoice_must_carry_the_buyers_cvr(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    refused(lambda: register_invoice(session, case, CASEWORKER,
                                     invoice_input(1_000_00, buyer_cvr=None)),
            rule="R9", message="Skriv køberens CVR-nummer, som det står på fakturaen.")


def test_r10_each_decision_records_its_rule_version(session, make_case):
    approved = make_case("approved")
    rejected = make_case("rejected")
    for case in (approved, rejected):
        assert case.rule_version == ("Retningslinjer for pulje til understøttelse af "
                                     "fællesskaber, godkendt 15.05.2023, version 1")
        assert case.rule_set_id is not None


def test_invoice_in_foreign_currency_is_refused(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(1_000_00, currency="EUR"))
    assert invoice.state == "refused"
    assert "kun afregne fakturaer i danske kroner" in invoice.refusal_reason


def test_reject_needs_a_reason(session, make_case, refused):
    case = make_case("in_review")
    refused(lambda: decisions.reject(session, case, CASEWORKER, "  "), rule="input",
            message="Skriv en begrundelse for afslaget.")


def test_resident_withdrawal_with_invoice_waiting_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    register_invoice(session, case, CASEWORKER, invoice_input(1_000_00))
    refused(lambda: decisions.withdraw(session, case, Actor.resident()), rule="R8",
            message="venter på behandling eller betaling")


@pytest.mark.parametrize(("deadline", "invoices", "unused"), [
    (TODAY - timedelta(days=1), 0, True),
    (TODAY, 0, False),
    (TODAY - timedelta(days=1), 1, False),
])
def test_the_invoice_deadline_is_unused_only_after_its_day_and_without_invoices(
        deadline, invoices, unused):
    assert invoice_deadline_unused(deadline, TODAY, invoices) is unused


@pytest.mark.parametrize(("starts_in", "started"), [(1, False), (0, True), (-1, True)])
def test_an_activity_has_started_from_its_first_day(starts_in, started):
    assert activity_started(TODAY + timedelta(days=starts_in), TODAY) is started
