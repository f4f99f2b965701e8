"""Reading the supplier and the buyer: name, CVR number and electronic address."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from stdnum.dk import cvr as stdnum_cvr

from pulje.einvoice.model import Party
from pulje.einvoice.values import NS, bounded, find, shown, text

# Danish CVR: Peppol's EAS/ICD code 0184, OIOUBL's text scheme, and the retired ICD 9902.
CVR_SCHEMES = frozenset({"0184", "DK:CVR", "9902"})
# An SE number (VAT registration) usually equals the CVR number, but a company can have several.
SE_SCHEMES = frozenset({"DK:SE", "0198"})
_DK_NUMBER = re.compile(r"DK\d{8}")
MAX_NAME = 200
MAX_ENDPOINT = 100


def _scheme(element: Element) -> str | None:
    scheme = element.get("schemeID")
    return scheme.strip().upper() if scheme and scheme.strip() else None


def _candidates(party: Element) -> list[tuple[bool, str, str]]:
    """(strong, value as written, scheme) for each identifier that may hold the CVR number."""
    danish = text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "DK"
    legal = party.findall("cac:PartyLegalEntity/cbc:CompanyID", NS)
    elements = [
        *legal,
        *party.findall("cbc:EndpointID", NS),
        *party.findall("cac:PartyIdentification/cbc:ID", NS),
        *party.findall("cac:PartyTaxScheme/cbc:CompanyID", NS),
    ]
    found = []
    for element in elements:
        value = "".join((element.text or "").split()).upper()
        if not value:
            continue
        scheme = _scheme(element)
        if scheme in CVR_SCHEMES:
            found.append((True, value, scheme))
        elif scheme in SE_SCHEMES or (scheme is None and _DK_NUMBER.fullmatch(value)):
            found.append((False, value, scheme or "moms"))
        elif scheme is None and danish and element in legal and value.isdigit():
            found.append((True, value, "CVR"))
    return found


def _cvr(party: Element, role: str, warnings: list[str]) -> str | None:
    strong: list[str] = []
    weak: list[str] = []
    for is_strong, value, scheme in _candidates(party):
        digits = value.removeprefix("DK")
        if len(digits) != 8 or not digits.isdigit():
            warnings.append(
                f"{role} nummer »{shown(value)}« ({scheme}) har ikke 8 cifre og er ikke brugt "
                "som CVR-nummer."
            )
            continue
        (strong if is_strong else weak).append(digits)
    if len(set(strong)) > 1:
        warnings.append(
            f"{role} CVR-nummer står forskelligt i fakturaen ({', '.join(dict.fromkeys(strong))}); "
            f"pulje bruger {strong[0]}."
        )
    chosen = (strong or weak or [None])[0]
    if chosen is not None and not stdnum_cvr.is_valid(chosen):
        warnings.append(
            f"{role} CVR-nummer {chosen} består ikke kontrollen af CVR-numre (modulus 11). "
            "Tjek nummeret i CVR-registret, før fakturaen godkendes."
        )
    return chosen


def read_payee(root: Element, warnings: list[str]) -> Party | None:
    """The PayeeParty, when the invoice asks for payment to someone other than the supplier."""
    payee = find(root, "cac:PayeeParty")
    if payee is None:
        return None
    name = text(payee, "cac:PartyLegalEntity/cbc:RegistrationName") or text(
        payee, "cac:PartyName/cbc:Name")
    return Party(name=bounded(name, MAX_NAME, "Betalingsmodtagerens navn") or "",
                 cvr=_cvr(payee, "Betalingsmodtagerens", warnings))


def read_party(parent: Element | None, role: str, warnings: list[str]) -> Party | None:
    """The party below AccountingSupplierParty/AccountingCustomerParty, or None if absent."""
    party = find(parent, "cac:Party")
    if party is None:
        return None
    name = text(party, "cac:PartyLegalEntity/cbc:RegistrationName") or text(
        party, "cac:PartyName/cbc:Name"
    )
    endpoint = find(party, "cbc:EndpointID")
    endpoint_value = text(party, "cbc:EndpointID")
    return Party(
        name=bounded(name, MAX_NAME, f"{role} navn") or "",
        cvr=_cvr(party, role, warnings),
        endpoint=bounded(endpoint_value, MAX_ENDPOINT, f"{role} elektroniske adresse"),
        endpoint_scheme=_scheme(endpoint) if endpoint is not None and endpoint_value else None,
    )
