"""Paths to the fixtures and small builders for hand-made hostile documents."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"


def fixture(name: str) -> bytes:
    """The bytes of tests/data/<name>."""
    return (DATA / name).read_bytes()


def domi() -> str:
    """The Danish festudlejning invoice as text, to change one thing in it."""
    return fixture("peppol/dk-domi-festudlejning.xml").decode("utf-8")


def changed(old: str, new: str) -> bytes:
    """The festudlejning invoice with exactly one passage replaced."""
    text = domi()
    assert text.count(old) == 1, old
    return text.replace(old, new).encode("utf-8")


def minimal(body: str, *, root: str = "Invoice", namespace: str = INVOICE_NS) -> bytes:
    """A bare UBL document around body, with the cac/cbc prefixes declared."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="{namespace}" xmlns:cbc="{CBC}" xmlns:cac="{CAC}">{body}</{root}>'
    ).encode()
