"""Property tests: whatever bytes arrive, the reader answers with an invoice or EInvoiceError."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulje.einvoice import EInvoiceError, ParsedInvoice, parse_invoice
from tests.einvoice.helpers import domi, fixture
from tests.helpers.hypothesis_profiles import examples

FUZZ = settings(max_examples=examples(150), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
BASE = fixture("peppol/dk-domi-festudlejning.xml")


def read_or_refuse(data: bytes) -> ParsedInvoice | None:
    """Parse; only EInvoiceError may escape, and a result must be internally sound."""
    try:
        invoice = parse_invoice(data)
    except EInvoiceError as error:
        assert error.message and error.kind
        return None
    assert isinstance(invoice.amount, int)
    assert invoice.currency == "DKK"
    assert invoice.supplier.name
    assert invoice.supplier.cvr is None or (len(invoice.supplier.cvr) == 8)
    assert all(isinstance(line.amount, int) for line in invoice.lines)
    return invoice


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_else(data):
    read_or_refuse(data)


@FUZZ
@given(st.integers(0, len(BASE)), st.integers(0, 64), st.binary(max_size=64))
def test_corrupted_invoice_never_raises_anything_else(start, length, junk):
    read_or_refuse(BASE[:start] + junk + BASE[start + length:])


# Every text value in the Danish invoice: dates, amounts, identifiers, codes and names.
_VALUES = sorted({e.text.strip() for e in ET.fromstring(BASE).iter() if (e.text or "").strip()})


@FUZZ
@given(st.sampled_from(_VALUES), st.text(max_size=40))
def test_any_field_with_any_text_never_raises_anything_else(value, replacement):
    text = domi().replace(f">{value}<", f">{escape(replacement)}<")
    read_or_refuse(text.encode("utf-8"))


_ATTRIBUTES = ['schemeID="0184"', 'currencyID="DKK"', 'unitCode="DAY"']


@FUZZ
@given(st.sampled_from(_ATTRIBUTES), st.text(max_size=12))
def test_any_attribute_with_any_text_never_raises_anything_else(attribute, replacement):
    name = attribute.split("=")[0]
    quoted = escape(replacement, {'"': "&quot;"})
    read_or_refuse(domi().replace(attribute, f'{name}="{quoted}"').encode("utf-8"))


def _without(indices: frozenset[int]) -> bytes:
    root = ET.fromstring(BASE)
    elements = list(root.iter())
    parents = {child: parent for parent in elements for child in parent}
    for index in sorted(indices, reverse=True):
        element = elements[index % len(elements)]
        parent = parents.get(element)
        if parent is not None and element in list(parent):
            parent.remove(element)
    return ET.tostring(root, encoding="utf-8")


@FUZZ
@given(st.frozensets(st.integers(0, 500), max_size=12))
def test_invoice_with_elements_removed_never_raises_anything_else(indices):
    read_or_refuse(_without(indices))
