"""Money that adds up to the øre: credit notes, partial acceptance, R6/R7 at the invoice,
duplicates across the organisation and the free part of a grant (issue 14's findings).

Every figure is checked against sums written out here or read straight from the tables,
never against the function that produced it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from pulje.models import AuditEntry, Invoice, Payment, Refund
from pulje.services import decisions
from pulje.services.accounting import case_money, pool_figures
from pulje.services.case_status import case_view
from pulje.services.invoices import accept_invoice, refuse_invoice, register_invoice
from pulje.services.payments import record_payment, record_refund
from pulje.services.queue import case_queue
from tests.factories import CASEWORKER, TODAY, invoice_input


def paid_in_tables(session, case) -> int:
    """Σ payments − Σ refunds on the case's invoices, straight from the tables."""
    paid = session.exec(select(func.coalesce(func.sum(Payment.amount), 0)).join(Invoice)
                        .where(Invoice.application_id == case.id)).one()
    back = session.exec(select(func.coalesce(func.sum(Refund.amount), 0)).join(Invoice)
                        .where(Invoice.application_id == case.id)).one()
    return int(paid) - int(back)


def accepted_and_paid(session, case, amount, number, key=None):
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(amount, number=number))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key=key or number)
    return invoice


def credit_note(amount, credits, **overrides):
    return invoice_input(-amount, number=f"K-{credits.number}-{amount}",
                         credits_invoice_id=credits.id, **overrides)


# 1. Credit notes are money back, never negative payments.

def test_credit_note_for_a_paid_invoice_is_a_refund_due_until_received(session, make_case,
                                                                        pool):
    case = make_case("approved", requested=10_000_00)
    invoice = accepted_and_paid(session, case, 5_000_00, "F-1")
    credit = register_invoice(session, case, CASEWORKER, credit_note(3_000_00, invoice))
    assert credit.state == "accepted" and "skal betale 3.000,00\xa0kr. tilbage" in credit.notice
    money = case_money(session, case)
    assert (money.paid, money.refunds_due) == (5_000_00, 3_000_00) == (
        paid_in_tables(session, case), 3_000_00)
    assert pool_figures(session, pool).paid == 5_000_00
    record_refund(session, invoice, CASEWORKER, amount=3_000_00, received_on=TODAY)
    money = case_money(session, case)
    assert (money.paid, money.refunds_due, money.free) == (2_000_00, 0, 8_000_00)
    assert paid_in_tables(session, case) == 2_000_00
    assert pool_figures(session, pool).paid == 2_000_00


def test_no_payment_is_ever_negative_and_a_credit_note_is_never_paid(session, make_case,
                                                                      refused):
    case = make_case("approved", requested=10_000_00)
    invoice = accepted_and_paid(session, case, 5_000_00, "F-1")
    credit = register_invoice(session, case, CASEWORKER, credit_note(3_000_00, invoice))
    refused(lambda: record_payment(session, credit, CASEWORKER, paid_on=TODAY,
                                   idempotency_key="neg"),
            message="En kreditnota betales ikke")
    assert session.exec(select(func.min(Payment.amount))).one() == 5_000_00


def test_credit_note_before_payment_lowers_what_is_paid(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-1"))
    accept_invoice(session, invoice, CASEWORKER)
    register_invoice(session, case, CASEWORKER, credit_note(2_000_00, invoice))
    assert case_money(session, case).free == 10_000_00 - 3_000_00
    payment = record_payment(session, invoice, CASEWORKER, paid_on=TODAY,
                             idempotency_key="p").payment
    assert payment.amount == 3_000_00 == paid_in_tables(session, case)


def test_a_credit_note_for_all_of_an_unpaid_invoice_cancels_it(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-1"))
    register_invoice(session, case, CASEWORKER, credit_note(5_000_00, invoice))
    assert invoice.state == "refused"
    assert invoice.refusal_reason == "Krediteret fuldt ud af kreditnota nr. K-F-1-500000."
    decisions.close(session, case, CASEWORKER)  # nothing waits for payment
    assert case_money(session, case).paid == 0


def test_credit_note_without_a_matching_invoice_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    refused(lambda: register_invoice(session, case, CASEWORKER,
                                     invoice_input(-2_000_00, number="K-1")),
            message="En kreditnota skal angive, hvilken faktura på sagen den krediterer.")
    refused(lambda: register_invoice(session, case, CASEWORKER,
                                     invoice_input(-2_000_00, number="K-1", credits_number="F-9")),
            message=f"krediterer faktura nr. F-9, men den er ikke registreret på sag "
                    f"{case.reference}.")


def test_credit_note_for_more_than_the_invoice_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    invoice = accepted_and_paid(session, case, 5_000_00, "F-1")
    register_invoice(session, case, CASEWORKER, credit_note(4_000_00, invoice))
    refused(lambda: register_invoice(session, case, CASEWORKER, credit_note(1_500_00, invoice)),
            rule="R8", message="Kreditnotaen på 1.500,00\xa0kr. er større end det, der er "
                               "tilbage af faktura nr. F-1: 1.000,00\xa0kr. af 5.000,00\xa0kr.")


def test_credit_note_from_another_supplier_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    invoice = accepted_and_paid(session, case, 5_000_00, "F-1")
    refused(lambda: register_invoice(session, case, CASEWORKER, credit_note(
        1_000_00, invoice, supplier_name="Egholm Lyd & Lys ApS", supplier_cvr="35000003")),
        message="Kreditnotaen er fra Egholm Lyd & Lys ApS, men faktura nr. F-1 er fra Odder "
                "Festudlejning ApS.")


def test_the_findings_credit_notes_cannot_push_paid_above_the_grant(session, make_case, pool,
                                                                     refused):
    # Seen on main: a −3.000 credit note "paid" made room for a 13.000 invoice on 10.000.
    case = make_case("approved", requested=10_000_00)
    first = accepted_and_paid(session, case, 4_000_00, "F-1")
    register_invoice(session, case, CASEWORKER, credit_note(3_000_00, first))
    big = register_invoice(session, case, CASEWORKER, invoice_input(13_000_00, number="F-2"))
    refused(lambda: accept_invoice(session, big, CASEWORKER), rule="R8",
            message="(6.000,00\xa0kr. af 10.000,00\xa0kr.)")
    refuse_invoice(session, big, CASEWORKER, "Over bevillingen.")
    decisions.close(session, case, CASEWORKER)
    figures = pool_figures(session, pool)
    # Closed with 4.000 paid and 3.000 owed back: released is what was not paid, no more.
    assert (figures.paid, figures.released) == (4_000_00, 6_000_00)
    record_refund(session, first, CASEWORKER, amount=3_000_00, received_on=TODAY)
    figures = pool_figures(session, pool)
    assert (figures.paid, figures.released) == (1_000_00, 9_000_00)
    assert figures.released + figures.paid == 10_000_00


def test_a_refund_larger_than_what_is_owed_is_refused(session, make_case, refused):
    case = make_case("approved", requested=10_000_00)
    invoice = accepted_and_paid(session, case, 5_000_00, "F-1")
    refused(lambda: record_refund(session, invoice, CASEWORKER, amount=1_00, received_on=TODAY),
            rule="R8", message="skylder intet tilbage på faktura nr. F-1")
    register_invoice(session, case, CASEWORKER, credit_note(1_000_00, invoice))
    refused(lambda: record_refund(session, invoice, CASEWORKER, amount=2_000_00,
                                  received_on=TODAY),
            rule="R8", message="skylder 1.000,00\xa0kr. tilbage på faktura nr. F-1; "
                               "2.000,00\xa0kr. kan ikke registreres")


# 6. Partial acceptance: X kr. af Y kr., never above the grant.

def test_an_invoice_above_what_is_left_may_be_accepted_for_the_rest(session, make_case,
                                                                     refused):
    case = make_case("approved", requested=10_000_00)
    accepted_and_paid(session, case, 7_000_00, "F-1")
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-2"))
    refused(lambda: accept_invoice(session, invoice, CASEWORKER, partial=3_000_01), rule="R8",
            message="Der er kun 3.000,00\xa0kr. tilbage af bevillingen; 3.000,01\xa0kr. kan ikke "
                    "godkendes.")
    accept_invoice(session, invoice, CASEWORKER, partial=3_000_00)
    entry = session.exec(select(AuditEntry).where(AuditEntry.invoice_id == invoice.id,
                                                  AuditEntry.action == "invoice_accept")).one()
    assert entry.note == "Godkendt 3.000,00\xa0kr. af 5.000,00\xa0kr."
    assert case_money(session, case).free == 0
    payment = record_payment(session, invoice, CASEWORKER, paid_on=TODAY,
                             idempotency_key="rest").payment
    assert payment.amount == 3_000_00
    assert paid_in_tables(session, case) == 10_000_00 == case.granted


def test_partial_acceptance_of_nothing_or_more_than_the_invoice_is_refused(session, make_case,
                                                                            refused):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-2"))
    refused(lambda: accept_invoice(session, invoice, CASEWORKER, partial=0), rule="R8",
            message="skal være mere end 0,00")
    refused(lambda: accept_invoice(session, invoice, CASEWORKER, partial=6_000_00), rule="R8",
            message="Der kan højst godkendes fakturaens 5.000,00\xa0kr., ikke 6.000,00\xa0kr.")


# 9. Tilbage af bevillingen = granted − paid − accepted but not yet paid.

def test_free_money_counts_invoices_accepted_but_not_paid(session, make_case):
    case = make_case("approved", requested=10_000_00)
    accepted_and_paid(session, case, 2_000_00, "F-1")
    waiting = register_invoice(session, case, CASEWORKER, invoice_input(3_000_00, number="F-2"))
    accept_invoice(session, waiting, CASEWORKER)
    register_invoice(session, case, CASEWORKER, invoice_input(1_000_00, number="F-3"))  # received
    money = case_money(session, case)
    assert (money.paid, money.accepted_unpaid, money.free) == (
        2_000_00, 3_000_00, 10_000_00 - 2_000_00 - 3_000_00)


# 3. R7: a third party, paid to that party.

def test_r7_an_invoice_from_the_organisation_itself_is_refused(session, make_case):
    case = make_case("approved", requested=10_000_00)
    own = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, supplier_name="DOMI Bolig", supplier_cvr="30000005"))
    by_cvr = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, number="F-2", supplier_name="Boligdrift", supplier_cvr="DK30000005"))
    for invoice in (own, by_cvr):
        assert (invoice.state, invoice.refusal_rule) == ("refused", "R7")
        assert invoice.refusal_reason.startswith("Fakturaen er udstedt af DOMI Bolig selv.")


def test_r7_an_invoice_from_the_applicants_cvr_is_refused(session, make_case):
    case = make_case("approved", requested=10_000_00, applicant_cvr="35000003")
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, supplier_name="Karens Kaffe ApS", supplier_cvr="35000003"))
    assert (invoice.state, invoice.refusal_rule) == ("refused", "R7")


# 4. R6 at the invoice: refused before approval, flagged when delivered late.

def test_r6_an_invoice_issued_before_the_approval_is_refused_with_the_dates(session, make_case):
    case = make_case("approved", requested=10_000_00)
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, issue_date=TODAY - timedelta(days=1)))
    assert (invoice.state, invoice.refusal_rule) == ("refused", "R6")
    assert invoice.refusal_reason.startswith(
        "Fakturaen er udstedt 28.02.2026, før tilsagnet blev givet 01.03.2026.")


def test_r6_a_delivery_after_period_and_deadline_is_flagged_on_case_and_queue(
        session, make_case, organisation, pool):
    case = make_case("approved", requested=10_000_00)
    deadline = case.period_end + timedelta(days=pool.invoice_deadline_days)
    on_time = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, number="F-1", activity_date=deadline))
    assert on_time.notice is None
    late = register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, number="F-2", activity_date=deadline + timedelta(days=1)))
    assert late.state == "received"
    assert late.notice == (f"Leveringsdatoen {deadline + timedelta(days=1):%d.%m.%Y} ligger "
                           f"efter bevillingens periode og fristen for fakturaer "
                           f"({deadline:%d.%m.%Y}).")
    row = {r.reference: r for r in case_queue(session, organisation.id, today=TODAY).rows}
    assert row[case.reference].late_delivery == (
        f"Levering {deadline + timedelta(days=1):%d.%m.%Y} efter fristen {deadline:%d.%m.%Y}")


# 5. The same supplier invoice exists once per organisation.

def test_the_same_supplier_invoice_on_a_second_case_is_refused_naming_the_case(
        session, make_case, refused):
    first = make_case("approved", requested=10_000_00)
    second = make_case("approved", requested=10_000_00)
    register_invoice(session, first, CASEWORKER, invoice_input(1_000_00, number="F-77"))
    message = (f"Faktura nr. F-77 fra Odder Festudlejning ApS er allerede registreret på sag "
               f"{first.reference}")
    refused(lambda: register_invoice(session, second, CASEWORKER,
                                     invoice_input(2_000_00, number="F-77")), message=message)
    # The same supplier by its name, written differently and without a CVR number.
    refused(lambda: register_invoice(session, second, CASEWORKER, invoice_input(
        2_000_00, number="F-77", supplier_name="ODDER FESTUDLEJNING aps", supplier_cvr=None)),
        message=message)
    other = register_invoice(session, second, CASEWORKER, invoice_input(
        2_000_00, number="F-77", supplier_name="Egholm Lyd & Lys ApS", supplier_cvr="35000003"))
    assert other.state == "received"


def test_the_bookkeeping_export_shows_both_figures_the_account_and_refunds(session, make_case,
                                                                          pool):
    from pulje.services.exports import payment_rows

    case = make_case("approved", requested=10_000_00)
    first = register_invoice(session, case, CASEWORKER, invoice_input(
        8_000_00, number="F-1", payment_account="1234 0001234567"))
    accept_invoice(session, first, CASEWORKER)
    record_payment(session, first, CASEWORKER, paid_on=TODAY, idempotency_key="1")
    register_invoice(session, case, CASEWORKER, credit_note(500_00, first))
    record_refund(session, first, CASEWORKER, amount=500_00, received_on=TODAY, reference="B7")
    second = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-2"))
    accept_invoice(session, second, CASEWORKER, partial=2_500_00)
    record_payment(session, second, CASEWORKER, paid_on=TODAY, idempotency_key="2")
    rows = [(r.invoice_number, r.amount, r.invoice_amount, r.account, r.payment_reference)
            for r in payment_rows(session, pool)]
    # By date; on one day the payments come before the refunds.
    assert rows == [("F-1", 8_000_00, 8_000_00, "1234 0001234567", ""),
                    ("F-2", 2_500_00, 5_000_00, None, ""),
                    ("F-1", -500_00, None, None, "Tilbagebetaling efter kreditnota B7")]
    assert sum(r[1] for r in rows) == paid_in_tables(session, case) == 10_000_00


def test_the_status_page_reads_the_money_once_and_gets_the_same_figures(session, make_case):
    # The status page hands case_money the invoices and payments it read for its tables.
    case = make_case("approved", requested=10_000_00)
    first = accepted_and_paid(session, case, 5_000_00, "F-1")
    register_invoice(session, case, CASEWORKER, credit_note(1_000_00, first))
    record_refund(session, first, CASEWORKER, amount=1_000_00, received_on=TODAY)
    accept_invoice(session, register_invoice(session, case, CASEWORKER,
                                             invoice_input(2_000_00, number="F-2")), CASEWORKER)
    accepted_and_paid(session, case, 1_000_00, "F-3")
    view = case_view(session, case)
    assert view.money == case_money(session, case)
    assert view.money.paid == paid_in_tables(session, case) == 5_000_00
    assert view.money.free == 10_000_00 - 5_000_00 - 2_000_00
    assert [(item.invoice.number, [p.amount for p in item.payments])
            for item in view.invoices] == [("F-1", [5_000_00]), ("K-F-1-100000", []),
                                           ("F-2", []), ("F-3", [1_000_00])]
    assert [p.amount for p in view.payments] == [5_000_00, 1_000_00]
