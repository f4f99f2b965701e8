"""The one error the e-invoice reader raises, with a Danish message for the person uploading."""

from __future__ import annotations

# Why a file was refused, for callers that react differently (log an attack, offer manual entry).
UNSAFE = "unsafe"  # DTD, entity or external reference: never part of a real e-invoice
TOO_LARGE = "too_large"
NOT_XML = "not_xml"
NOT_UBL = "not_ubl"
MISSING = "missing"  # a required field is absent
INVALID = "invalid"  # a field is present but cannot be read (date, amount, identifier)
CURRENCY = "currency"  # readable, but not in Danish kroner

KINDS = (UNSAFE, TOO_LARGE, NOT_XML, NOT_UBL, MISSING, INVALID, CURRENCY)


class EInvoiceError(ValueError):
    """An uploaded e-invoice cannot be used; ``message`` says why in plain Danish."""

    def __init__(self, message: str, *, kind: str = INVALID, currency: str | None = None):
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.currency = currency

    def __str__(self) -> str:
        return self.message
