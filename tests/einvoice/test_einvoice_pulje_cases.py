"""The Danish cases written for pulje: each reads, and the rule checks judge it as intended."""

from __future__ import annotations

from datetime import date

from pulje.einvoice import CREDIT_NOTE, OIOUBL_21, InvoiceLine, parse_invoice
from tests.einvoice.helpers import fixture
from workflows.invoice_rules import buyer_is_organisation, supplier_not_applicant, within_grant

DOMI = ("DOMI Bolig", "30000005")


def test_other_buyer_is_refused_by_r9():
    invoice = parse_invoice(fixture("pulje/dk-other-buyer.xml"))
    assert (invoice.buyer_name, invoice.buyer_cvr) == ("Boligselskabet Vesterhus", "29000018")
    assert invoice.amount == 750000
    violation = buyer_is_organisation(invoice.buyer_name, invoice.buyer_cvr, *DOMI)
    assert violation is not None and violation.rule == "R9"
    assert "Boligselskabet Vesterhus" in violation.message


def test_domi_invoice_passes_r9():
    invoice = parse_invoice(fixture("peppol/dk-domi-festudlejning.xml"))
    assert buyer_is_organisation(invoice.buyer_name, invoice.buyer_cvr, *DOMI) is None


def test_invoice_from_the_applicant_is_refused_by_r7():
    invoice = parse_invoice(fixture("pulje/dk-from-applicant.xml"))
    assert (invoice.supplier_name, invoice.supplier_cvr) == ("Karen Jensen", None)
    assert (invoice.supplier.endpoint, invoice.supplier.endpoint_scheme) == (
        "karen.jensen@example.dk",
        "EM",
    )
    assert invoice.amount == 320000
    assert invoice.issue_date == date(2025, 6, 20)
    violation = supplier_not_applicant(
        invoice.supplier_name, invoice.supplier_cvr, "Karen Jensen", None
    )
    assert violation is not None and violation.rule == "R7"


def test_over_grant_is_refused_by_r8_on_the_payable_amount():
    invoice = parse_invoice(fixture("pulje/dk-over-grant.xml"))
    assert invoice.number == "2025-1240"
    assert invoice.amount == 2500000
    # The net of the lines is exactly the cap: only the payable amount reveals the excess.
    assert sum(line.amount for line in invoice.lines) == 2000000
    violation = within_grant(invoice.amount, granted=2000000, already_used=0)
    assert violation is not None and violation.rule == "R8"
    assert "25.000,00" in violation.message


def test_credit_note_to_domi_is_money_back():
    invoice = parse_invoice(fixture("pulje/dk-creditnote-domi.xml"))
    assert invoice.document_type == CREDIT_NOTE
    assert invoice.number == "2025-K-0031"
    assert invoice.issue_date == date(2025, 6, 23)
    assert invoice.currency == "DKK"
    assert invoice.amount == -37500
    assert invoice.lines == (InvoiceLine("Ølbordsæt (bord og to bænke), retur", -30000),)
    assert (invoice.supplier_name, invoice.supplier_cvr) == ("Odder Festudlejning ApS", "41000007")
    assert (invoice.buyer_name, invoice.buyer_cvr) == DOMI
    # Money back makes room in the grant again.
    assert within_grant(invoice.amount, granted=750000, already_used=750000) is None


def test_oioubl_invoice_to_domi_with_dk_cvr_and_fik():
    invoice = parse_invoice(fixture("pulje/oioubl-dk-domi.xml"))
    assert invoice.profile == OIOUBL_21
    assert invoice.number == "EL-4711"
    assert invoice.issue_date == date(2025, 8, 25)
    assert invoice.due_date == date(2025, 9, 8)
    assert invoice.activity_date == date(2025, 8, 23)
    assert invoice.amount == 450000  # TaxExclusiveAmount says 900,00: the VAT in OIOUBL
    assert (invoice.supplier_name, invoice.supplier_cvr) == ("Egholm Lyd & Lys ApS", "35000003")
    assert (invoice.buyer_name, invoice.buyer_cvr) == DOMI
    assert invoice.buyer.endpoint_scheme == "DK:CVR"
    assert invoice.payment_account == "+71<000000000047115+85123456<"
    assert [line.description for line in invoice.lines] == [
        "Lydanlæg, dagsleje",
        "Tekniker, timer",
    ]
    assert invoice.warnings == ()
    assert buyer_is_organisation(invoice.buyer_name, invoice.buyer_cvr, *DOMI) is None
