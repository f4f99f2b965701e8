"""Hostile, broken and foreign files: each is refused with one Danish EInvoiceError."""

from __future__ import annotations

import pytest

from pulje.einvoice import MAX_BYTES, EInvoiceError, parse_invoice
from tests.einvoice.helpers import changed, domi, fixture, minimal


def refused(data: bytes, **options) -> EInvoiceError:
    """The EInvoiceError that parsing data raises (failing the test if none is raised)."""
    with pytest.raises(EInvoiceError) as caught:
        parse_invoice(data, **options)
    assert caught.value.__cause__ is None  # no parser internals leak into logs or pages
    return caught.value


@pytest.mark.parametrize(
    ("name", "kind", "words"),
    [
        ("hostile/billion-laughs.xml", "unsafe", "af sikkerhedshensyn"),
        ("hostile/billion-laughs.xml", "unsafe", "XML-bombe"),
        ("hostile/xxe-passwd.xml", "unsafe", "af sikkerhedshensyn"),
        ("hostile/xxe-passwd.xml", "unsafe", "ekstern fil"),
        ("hostile/not-ubl.xml", "not_ubl", "»budget«-dokument"),
        ("hostile/truncated.xml", "not_xml", "Filen er ikke gyldig XML"),
        ("hostile/missing-payable.xml", "missing", "mangler beløbet til betaling"),
    ],
)
def test_hostile_fixture_is_refused_with_its_message(name, kind, words):
    error = refused(fixture(name))
    assert error.kind == kind
    assert words in error.message
    assert str(error) == error.message


def test_xxe_never_reads_the_file():
    error = refused(fixture("hostile/xxe-passwd.xml"))
    assert "root:" not in error.message


def test_a_plain_doctype_is_refused_too():
    data = b'<?xml version="1.0"?><!DOCTYPE Invoice><Invoice/>'
    assert "<!DOCTYPE" in refused(data).message


def test_size_limit():
    error = refused(b" " * (MAX_BYTES + 1))
    assert error.kind == "too_large"
    assert error.message == "Filen fylder 5,0 MB; en e-faktura må højst fylde 5 MB."
    assert refused(fixture("peppol/dk-domi-festudlejning.xml"), max_bytes=1000).kind == (
        "too_large"
    )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "Filen er tom."),
        (b"  \n ", "Filen er tom."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "Filen er en PDF"),
        (b"Faktura 2025-1187, 7.500,00 kr.", "Filen er ikke gyldig XML"),
        (b"\xff\xfe\x00<\x00", "Filen er ikke gyldig XML"),
        (b'<?xml version="1.0" encoding="klingon"?><a/>', "tegnkodning"),
        ("<Invoice>Ø</Invoice>".encode("latin-1"), "Filen er ikke gyldig XML"),
    ],
)
def test_not_xml(data, words):
    error = refused(data)
    assert error.kind == "not_xml"
    assert words in error.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (minimal("", root="CrossIndustryInvoice", namespace="urn:un:unece:uncefact:data:"
                 "standard:CrossIndustryInvoice:100"), "UN/CEFACT CII"),
        (minimal("", root="Order", namespace="urn:oasis:names:specification:ubl:schema:xsd:"
                 "Order-2"), "»Order«-dokument"),
        (minimal("", namespace="urn:example:not-ubl"), "andet navnerum"),
        (b"<Invoice/>", "andet navnerum"),
    ],
)
def test_not_ubl(data, words):
    error = refused(data)
    assert error.kind == "not_ubl"
    assert words in error.message


def test_utf16_file_reads_like_utf8():
    text = domi().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert parse_invoice(text.encode("utf-16")).amount == 750000


def test_invoice_inside_a_peppol_envelope_reads():
    body = domi().split("?>", 1)[1]
    envelope = (
        '<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/'
        'StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader><HeaderVersion>1.0'
        f"</HeaderVersion></StandardBusinessDocumentHeader>{body}</StandardBusinessDocument>"
    )
    assert parse_invoice(envelope.encode("utf-8")).number == "2025-1187"


@pytest.mark.parametrize(
    ("old", "new", "kind", "words"),
    [
        ("<cbc:IssueDate>2025-06-16</cbc:IssueDate>", "<cbc:IssueDate>2025-02-30</cbc:IssueDate>",
         "invalid", "Fakturadato »2025-02-30« er ikke en gyldig dato"),
        ("<cbc:IssueDate>2025-06-16</cbc:IssueDate>", "<cbc:IssueDate>16.06.2025</cbc:IssueDate>",
         "invalid", "»16.06.2025«"),
        ("<cbc:IssueDate>2025-06-16</cbc:IssueDate>", "", "missing", "mangler fakturadato"),
        ("<cbc:DueDate>2025-07-01</cbc:DueDate>", "<cbc:DueDate>snart</cbc:DueDate>",
         "invalid", "Forfaldsdato »snart«"),
        ("<cbc:ActualDeliveryDate>2025-06-14</cbc:ActualDeliveryDate>",
         "<cbc:ActualDeliveryDate>2025-13-01</cbc:ActualDeliveryDate>", "invalid",
         "Leveringsdato"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK">7.500,00</cbc:PayableAmount>', "invalid",
         "»7.500,00« er ikke et beløb"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK">NaN</cbc:PayableAmount>', "invalid",
         "er ikke et beløb"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK">1E999999999</cbc:PayableAmount>', "invalid",
         "er ikke et beløb"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK">99999999999999999999</cbc:PayableAmount>',
         "invalid", "urimeligt stort"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK">7500.005</cbc:PayableAmount>', "invalid",
         "flere end to decimaler"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="DKK"> </cbc:PayableAmount>', "invalid", "er tomt"),
        ('<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
         '<cbc:PayableAmount currencyID="EUR">7500.00</cbc:PayableAmount>', "invalid",
         "angivet i EUR, men fakturaens valuta er DKK"),
        ('<cbc:LineExtensionAmount currencyID="DKK">4800.00</cbc:LineExtensionAmount>',
         '<cbc:LineExtensionAmount currencyID="DKK">mange</cbc:LineExtensionAmount>', "invalid",
         "Linje 1s beløb »mange«"),
        ("<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>",
         "<cbc:DocumentCurrencyCode>kroner</cbc:DocumentCurrencyCode>", "invalid",
         "ikke en valutakode"),
        ("<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>",
         "<cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>", "currency",
         "Fakturaen er i SEK; puljen kan kun afregne fakturaer i danske kroner (DKK)."),
        ("<cbc:ID>2025-1187</cbc:ID>", "", "missing", "mangler sit fakturanummer"),
        ("<cbc:ID>2025-1187</cbc:ID>", f"<cbc:ID>{'9' * 61}</cbc:ID>", "invalid",
         "længere end 60 tegn"),
        ("<cbc:RegistrationName>Odder Festudlejning ApS</cbc:RegistrationName>",
         f"<cbc:RegistrationName>{'Odder ' * 50}</cbc:RegistrationName>", "invalid",
         "Leverandørens navn er længere end 200 tegn"),
    ],
)
def test_well_formed_but_unusable_field(old, new, kind, words):
    error = refused(changed(old, new))
    assert error.kind == kind
    assert words in error.message


def test_missing_supplier_is_refused():
    start = domi().index("<cac:AccountingSupplierParty>")
    end = domi().index("</cac:AccountingSupplierParty>") + len("</cac:AccountingSupplierParty>")
    error = refused((domi()[:start] + domi()[end:]).encode("utf-8"))
    assert error.message == "Fakturaen mangler leverandørens navn."


def test_currency_refusal_can_be_lifted_to_show_the_file():
    data = changed(
        "<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>",
        "<cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>",
    ).replace(b'currencyID="DKK"', b'currencyID="SEK"')
    assert parse_invoice(data, accept_foreign_currency=True).currency == "SEK"
    assert refused(data).currency == "SEK"


def test_currency_from_payable_when_header_lacks_it():
    data = changed("<cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>", "")
    assert parse_invoice(data).currency == "DKK"
    bare = minimal(
        "<cbc:ID>1</cbc:ID><cbc:IssueDate>2025-01-02</cbc:IssueDate>"
        "<cac:LegalMonetaryTotal><cbc:PayableAmount>10</cbc:PayableAmount></cac:LegalMonetaryTotal>"
    )
    assert refused(bare).kind == "missing"


def test_more_decimals_that_are_zero_are_fine_and_lines_round_with_a_warning():
    data = changed(
        '<cbc:PayableAmount currencyID="DKK">7500.00</cbc:PayableAmount>',
        '<cbc:PayableAmount currencyID="DKK">+7500.0000</cbc:PayableAmount>',
    )
    assert parse_invoice(data).amount == 750000
    data = changed(
        '<cbc:LineExtensionAmount currencyID="DKK">4800.00</cbc:LineExtensionAmount>',
        '<cbc:LineExtensionAmount currencyID="DKK">4800.005</cbc:LineExtensionAmount>',
    )
    invoice = parse_invoice(data)
    assert invoice.lines[0].amount == 480001
    assert "Linje 1s beløb er afrundet til hele øre." in invoice.warnings


def test_invoice_with_credit_type_code_counts_as_credit_note():
    data = changed(
        "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
        "<cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode>",
    )
    invoice = parse_invoice(data)
    assert invoice.is_credit_note and invoice.amount == -750000
    assert any("typekode 381" in warning for warning in invoice.warnings)


def test_cvr_quirks_warn_but_read():
    data = changed(
        '<cbc:EndpointID schemeID="0184">DK41000007</cbc:EndpointID>',
        '<cbc:EndpointID schemeID="0184">DK 4100 0015</cbc:EndpointID>',
    )
    invoice = parse_invoice(data)
    assert invoice.supplier_cvr == "41000007"  # PartyLegalEntity wins over the endpoint
    assert any("står forskelligt" in warning for warning in invoice.warnings)
    data = changed(
        '<cbc:CompanyID schemeID="0184">DK30000005</cbc:CompanyID>',
        '<cbc:CompanyID schemeID="0184">DK3000005</cbc:CompanyID>',
    )
    invoice = parse_invoice(data)
    assert invoice.buyer_cvr == "30000005"  # taken from the endpoint instead
    assert any("har ikke 8 cifre" in warning for warning in invoice.warnings)


def test_buyer_without_name_is_read_for_r9_to_judge():
    data = changed(
        "<cbc:RegistrationName>DOMI Bolig</cbc:RegistrationName>", ""
    ).replace(b"<cbc:Name>DOMI Bolig</cbc:Name>", b"")
    invoice = parse_invoice(data)
    assert (invoice.buyer_name, invoice.buyer_cvr) == ("", "30000005")
    assert "Fakturaen angiver ikke køberens navn." in invoice.warnings


def test_deep_nesting_is_refused_without_recursion_errors():
    depth = 100_000
    data = minimal("<a>" * depth + "</a>" * depth)
    assert refused(data).kind == "missing"


def test_hostile_text_is_not_echoed_at_length():
    long_value = "9" * 5000
    error = refused(changed("<cbc:IssueDate>2025-06-16</cbc:IssueDate>",
                            f"<cbc:IssueDate>{long_value}</cbc:IssueDate>"))
    assert len(error.message) < 200
