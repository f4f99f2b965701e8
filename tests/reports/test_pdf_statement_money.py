"""The statement of a real case with a partial acceptance, a credit note and a refund: its
figures are the sums of the tables, written out here."""

from __future__ import annotations

from pulje.services.documents import case_statement_data
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment, record_refund
from reports.statement import build_case_statement_pdf
from tests.factories import CASEWORKER, TODAY, invoice_input


def test_statement_shows_both_figures_credits_refunds_and_what_is_free(session, make_case,
                                                                       pdf_text):
    case = make_case("approved", requested=10_000_00)
    first = register_invoice(session, case, CASEWORKER, invoice_input(
        6_000_00, number="F-1", payment_account="1234 0001234567"))
    accept_invoice(session, first, CASEWORKER)
    record_payment(session, first, CASEWORKER, paid_on=TODAY, idempotency_key="1")
    register_invoice(session, case, CASEWORKER, invoice_input(
        -1_000_00, number="K-1", credits_invoice_id=first.id))
    record_refund(session, first, CASEWORKER, amount=400_00, received_on=TODAY)
    second = register_invoice(session, case, CASEWORKER, invoice_input(5_000_00, number="F-2"))
    # Paid 6.000 − 400 back = 5.600; the grant bears 5.000 for F-1, so 600 is still owed back
    # and 10.000 − 5.600 = 4.400 is left: F-2 is accepted for that.
    accept_invoice(session, second, CASEWORKER, partial=4_400_00)
    data = case_statement_data(session, case)
    assert (data.paid, data.refunds_due, data.accepted_unpaid, data.remaining) == (
        6_000_00 - 400_00, 1_000_00 - 400_00, 4_400_00, 10_000_00 - 5_600_00 - 4_400_00)
    text = pdf_text(build_case_statement_pdf(data))
    assert "Udbetalt (efter tilbagebetalinger) 5.600,00 kr." in text
    assert "Leverandører skal betale tilbage 600,00 kr." in text
    assert "Godkendt, ikke betalt endnu 4.400,00 kr." in text
    assert "Tilbage af bevillingen 0,00 kr." in text
    assert "godkendt 4.400,00 kr. af 5.000,00 kr." in text
    assert "-1.000,00 kr." in text and "krediterer faktura nr. F-1" in text
    assert "konto 1234 0001234567" in text
    assert "Tilbagebetalinger efter kreditnotaer" in text
