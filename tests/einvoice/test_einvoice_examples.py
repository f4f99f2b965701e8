"""Every real example file reads with the figures written in it."""

from __future__ import annotations

from datetime import date

import pytest

from pulje.einvoice import (
    CREDIT_NOTE,
    INVOICE,
    OIOUBL_21,
    PEPPOL_BIS3,
    EInvoiceError,
    InvoiceLine,
    parse_invoice,
)
from tests.einvoice.helpers import fixture

PEPPOL_EXAMPLE = {
    "number": "Snippet1",
    "issue_date": date(2017, 11, 13),
    "currency": "EUR",
    "supplier": ("SupplierOfficialName Ltd", None),
    "buyer": ("Buyer Official Name", None),
}

# file: (profile, type, number, issue, due, currency, amount øre, supplier, buyer, activity)
EXPECTED = {
    "peppol/base-example.xml": dict(
        PEPPOL_EXAMPLE, profile=PEPPOL_BIS3, document_type=INVOICE,
        due_date=date(2017, 12, 1), amount=165625, activity_date=date(2017, 11, 1),
    ),
    "peppol/base-creditnote-correction.xml": dict(
        PEPPOL_EXAMPLE, profile=PEPPOL_BIS3, document_type=CREDIT_NOTE,
        due_date=None, amount=-165625, activity_date=date(2017, 11, 1),
    ),
    "peppol/Allowance-example.xml": dict(
        PEPPOL_EXAMPLE, profile=PEPPOL_BIS3, document_type=INVOICE,
        due_date=date(2017, 12, 1), amount=612500, activity_date=date(2017, 11, 1),
    ),
    "peppol/sales-order-example.xml": dict(
        PEPPOL_EXAMPLE, profile=PEPPOL_BIS3, document_type=INVOICE,
        due_date=date(2017, 12, 1), amount=165625, activity_date=date(2017, 11, 1),
    ),
    "peppol/vat-category-Z.xml": dict(
        profile=PEPPOL_BIS3, document_type=INVOICE, number="Vat-Z",
        issue_date=date(2018, 8, 30), due_date=None, currency="GBP", amount=120000,
        supplier=("The Sellercompany Incorporated", None),
        buyer=("The Buyercompany", "12345678"), activity_date=None,
    ),
    "peppol/Norwegian-example-1.xml": dict(
        profile=PEPPOL_BIS3, document_type=INVOICE, number="TOSL108",
        issue_date=date(2013, 6, 30), due_date=date(2013, 7, 20), currency="NOK", amount=80200,
        supplier=("The Sellercompany ASA", None), buyer=("Buyercompany ASA", None),
        activity_date=date(2013, 6, 15),
    ),
    "peppol/dk-domi-festudlejning.xml": dict(
        profile=PEPPOL_BIS3, document_type=INVOICE, number="2025-1187",
        issue_date=date(2025, 6, 16), due_date=date(2025, 7, 1), currency="DKK", amount=750000,
        supplier=("Odder Festudlejning ApS", "41000007"), buyer=("DOMI Bolig", "30000005"),
        activity_date=date(2025, 6, 14),
    ),
    "oioubl/invoice.xml": dict(
        profile=OIOUBL_21, document_type=INVOICE, number="A00095678",
        issue_date=date(2005, 11, 20), due_date=date(2005, 11, 25), currency="DKK",
        amount=631250, supplier=("Tavleleverandøren", "16356700"),
        buyer=("Den Lille Skole", None), activity_date=date(2005, 11, 15),
    ),
    "oioubl/credit-note.xml": dict(
        profile=OIOUBL_21, document_type=CREDIT_NOTE, number="A00095679",
        issue_date=date(2005, 11, 20), due_date=None, currency="DKK", amount=-631250,
        supplier=("Tavleleverandøren", "16356700"), buyer=("Den Lille Skole", None),
        activity_date=None,
    ),
    "oioubl/dk-bank.xml": dict(
        profile=OIOUBL_21, document_type=INVOICE, number="BANK-001",
        issue_date=date(2024, 5, 15), due_date=date(2024, 6, 15), currency="DKK",
        amount=4117880, supplier=("Sample Supplier ApS", "10000009"),
        buyer=("Sample Customer A/S", "10000017"), activity_date=None,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_reads_with_its_figures(name):
    expected = EXPECTED[name]
    invoice = parse_invoice(fixture(name), accept_foreign_currency=True)
    assert invoice.profile == expected["profile"]
    assert invoice.document_type == expected["document_type"]
    assert invoice.is_credit_note == (expected["document_type"] == CREDIT_NOTE)
    assert invoice.number == expected["number"]
    assert invoice.issue_date == expected["issue_date"]
    assert invoice.due_date == expected["due_date"]
    assert invoice.currency == expected["currency"]
    assert invoice.amount == expected["amount"]
    assert (invoice.supplier_name, invoice.supplier_cvr) == expected["supplier"]
    assert (invoice.buyer_name, invoice.buyer_cvr) == expected["buyer"]
    assert invoice.activity_date == expected["activity_date"]
    assert isinstance(invoice.amount, int)


@pytest.mark.parametrize(
    ("name", "currency"),
    [
        ("peppol/base-example.xml", "EUR"),
        ("peppol/base-creditnote-correction.xml", "EUR"),
        ("peppol/Allowance-example.xml", "EUR"),
        ("peppol/sales-order-example.xml", "EUR"),
        ("peppol/vat-category-Z.xml", "GBP"),
        ("peppol/Norwegian-example-1.xml", "NOK"),
    ],
)
def test_foreign_currency_is_refused_by_default(name, currency):
    with pytest.raises(EInvoiceError) as refused:
        parse_invoice(fixture(name))
    assert refused.value.kind == "currency"
    assert refused.value.currency == currency
    assert str(refused.value) == (
        f"Fakturaen er i {currency}; puljen kan kun afregne fakturaer i danske kroner (DKK)."
    )


def test_danish_invoice_lines_account_and_endpoints():
    invoice = parse_invoice(fixture("peppol/dk-domi-festudlejning.xml"))
    assert invoice.lines == (
        InvoiceLine("Festtelt 6 x 12 m", 480000),
        InvoiceLine("Ølbordsæt (bord og to bænke)", 120000),
    )
    assert invoice.payment_account == "DK5000400440116243"
    assert invoice.payment_bank_code is None
    assert (invoice.supplier.endpoint, invoice.supplier.endpoint_scheme) == ("DK41000007", "0184")
    assert (invoice.buyer.endpoint, invoice.buyer.endpoint_scheme) == ("DK30000005", "0184")
    assert invoice.customization_id.endswith("poacc:billing:3.0")
    assert invoice.warnings == ()


def test_oioubl_payable_is_used_not_tax_exclusive():
    # OIOUBL's TaxExclusiveAmount is the VAT (1.262,50); what is due is PayableAmount.
    invoice = parse_invoice(fixture("oioubl/invoice.xml"))
    assert invoice.amount == 631250
    assert sum(line.amount for line in invoice.lines) == 505000
    assert invoice.lines[0] == InvoiceLine("Hejsetavle", 500000)
    assert (invoice.payment_account, invoice.payment_bank_code) == ("1234567890", "1234")
    assert (invoice.buyer.endpoint, invoice.buyer.endpoint_scheme) == ("5798009883735", "GLN")
    assert (invoice.supplier.endpoint, invoice.supplier.endpoint_scheme) == (
        "DK16356700",
        "DK:CVR",
    )


def test_credit_note_lines_are_negative_too():
    invoice = parse_invoice(fixture("oioubl/credit-note.xml"))
    assert [line.amount for line in invoice.lines] == [-500000, -5000]
    assert invoice.buyer.endpoint == "5798009811530"


def test_dk_bank_registration_number_and_account():
    invoice = parse_invoice(fixture("oioubl/dk-bank.xml"))
    assert (invoice.payment_account, invoice.payment_bank_code) == ("9876543210", "1234")
    assert len(invoice.lines) == 2


def test_prepaid_amount_warns_and_payable_is_used():
    invoice = parse_invoice(fixture("peppol/Allowance-example.xml"), accept_foreign_currency=True)
    assert invoice.amount == 612500
    assert len(invoice.lines) == 3
    assert any("forudbetalt" in warning for warning in invoice.warnings)
    assert (invoice.payment_account, invoice.payment_bank_code) == ("IBAN32423940", "BIC324098")


def test_cvr_failing_modulus_11_warns_in_danish():
    invoice = parse_invoice(fixture("peppol/vat-category-Z.xml"), accept_foreign_currency=True)
    assert invoice.buyer_cvr == "12345678"
    assert invoice.buyer.endpoint_scheme == "0184"
    (warning,) = invoice.warnings
    assert "Køberens CVR-nummer 12345678" in warning
    assert "modulus 11" in warning


def test_norwegian_identifiers_are_not_taken_for_cvr():
    invoice = parse_invoice(fixture("peppol/Norwegian-example-1.xml"), accept_foreign_currency=True)
    assert invoice.supplier.endpoint_scheme == "0192"
    assert invoice.supplier_cvr is None
    assert invoice.payment_account == "NO9386011117947"
