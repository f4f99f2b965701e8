"""Turning uploaded bytes into a UBL root element, refusing anything unsafe or foreign."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from babel.numbers import format_decimal
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from pulje.einvoice.model import (
    CREDIT_NOTE,
    INVOICE,
    NOT_UBL,
    NOT_XML,
    TOO_LARGE,
    UNSAFE,
    EInvoiceError,
)

# An e-invoice is tens of kilobytes; attachments (a PDF copy) can make it a few megabytes.
MAX_BYTES = 5 * 1024 * 1024

UBL_ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": INVOICE,
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": CREDIT_NOTE,
}
# Peppol access points may hand over the document still inside its transport envelope.
_SBDH = "{http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader}"
_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY[^>]*\s(?:SYSTEM|PUBLIC)\s", re.IGNORECASE)

_ASK_AGAIN = "Bed leverandøren sende fakturaen igen direkte fra sit fakturasystem."
_FORMATS = "Pulje kan læse e-fakturaer i OIOUBL 2.1, Peppol BIS Billing 3 og UBL 2.1."


def _unsafe_message(data: bytes, system_id: str | None) -> str:
    head = data[:65536]
    if system_id or _EXTERNAL_ENTITY.search(head):
        what = "en henvisning til en ekstern fil eller adresse (<!DOCTYPE …>/<!ENTITY … SYSTEM>)"
    elif b"<!ENTITY" in head:
        what = "entitetserklæringer (<!ENTITY …>), som kan bruges til en såkaldt XML-bombe"
    else:
        what = "en dokumenttypeerklæring (<!DOCTYPE …>)"
    return (
        f"Filen indeholder {what} og afvises af sikkerhedshensyn. En e-faktura har aldrig "
        f"sådan en. {_ASK_AGAIN}"
    )


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as exc:
        raise EInvoiceError(_unsafe_message(data, exc.sysid or exc.pubid), kind=UNSAFE) from None
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise EInvoiceError(_unsafe_message(data, None), kind=UNSAFE) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise EInvoiceError(
            f"Filen er ikke gyldig XML (fejl i linje {line}, kolonne {column}). Den kan være "
            f"afkortet under overførslen eller beskadiget, eller også er den ikke en e-faktura. "
            f"{_ASK_AGAIN}",
            kind=NOT_XML,
        ) from None
    except (LookupError, UnicodeError, ValueError, RecursionError):
        # An unknown encoding declaration or undecodable bytes: expat gives up before any tree.
        raise EInvoiceError(
            f"Filen er ikke gyldig XML: dens tegnkodning kan ikke læses. {_ASK_AGAIN}",
            kind=NOT_XML,
        ) from None


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{") and "}" in tag:
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _not_ubl(root: Element) -> EInvoiceError:
    namespace, local = _local(root.tag if isinstance(root.tag, str) else "")
    if local == "CrossIndustryInvoice":
        found = "en faktura i formatet UN/CEFACT CII, ikke UBL"
    elif local in ("Invoice", "CreditNote"):
        found = f"et »{local}«-dokument i et andet navnerum end UBL 2 (»{namespace[:80]}«)"
    else:
        found = f"et »{local[:60]}«-dokument, ikke en faktura eller kreditnota"
    return EInvoiceError(f"Filen er XML, men {found}. {_FORMATS}", kind=NOT_UBL)


def load_document(data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[Element, str]:
    """Parse safely and return the UBL root element and its document type."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_invoice expects the file's bytes")
    data = bytes(data)
    if len(data) > max_bytes:
        size = format_decimal(len(data) / 1_048_576, "#,##0.0", locale="da_DK")
        limit = format_decimal(max_bytes / 1_048_576, "#,##0.#", locale="da_DK")
        raise EInvoiceError(
            f"Filen fylder {size} MB; en e-faktura må højst fylde {limit} MB.", kind=TOO_LARGE
        )
    if not data.strip():
        raise EInvoiceError("Filen er tom.", kind=NOT_XML)
    if data.lstrip()[:5] == b"%PDF-":
        raise EInvoiceError(
            "Filen er en PDF, ikke en e-faktura i XML. Registrér en PDF-faktura ved at taste "
            "dens oplysninger ind.",
            kind=NOT_XML,
        )
    root = _parse_xml(data)
    if root.tag == f"{_SBDH}StandardBusinessDocument":
        for child in root:
            if child.tag in UBL_ROOTS:
                return child, UBL_ROOTS[child.tag]
    if root.tag in UBL_ROOTS:
        return root, UBL_ROOTS[root.tag]
    raise _not_ubl(root)
