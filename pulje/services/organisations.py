"""Setting up a housing organisation: its details and its first administrator, in one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select
from stdnum import ean as gln
from stdnum.dk import cvr as dk_cvr
from stdnum.exceptions import ValidationError

from pulje.models import Organisation, Pool, User
from pulje.services.errors import InputError
from pulje.services.users import invite_user
from workflows.fields import ORGANISATION

__all__ = ["OrganisationInput", "create_organisation", "list_organisations",
           "update_organisation"]


@dataclass(frozen=True)
class OrganisationInput:
    """What the administrator types on the settings page (or the CLI's options)."""

    name: str
    cvr: str
    legal_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    invoice_address: str = ""
    invoice_email: str = ""
    ean: str = ""


def _valid_cvr(value: str) -> str:
    try:
        return dk_cvr.validate(value or "")
    except ValidationError as exc:
        raise InputError(f"CVR-nummeret »{value}« er ikke gyldigt: det skal have 8 cifre, og "
                         "kontrolcifferet skal passe.") from exc


def _valid_ean(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        number = gln.validate(value)
    except ValidationError as exc:
        raise InputError(f"EAN-nummeret »{value}« er ikke gyldigt: det skal have 13 cifre, og "
                         "kontrolcifferet skal passe.") from exc
    if len(number) != 13:
        raise InputError(f"EAN-nummeret »{value}« skal have 13 cifre.")
    return number


def _email(value: str, what: str, limit: int) -> str:
    value = (value or "").strip().lower()
    if value and ("@" not in value or " " in value or value.endswith("@")):
        raise InputError(f"Skriv en gyldig e-mailadresse som {what}.")
    if len(value) > limit:
        raise InputError(f"E-mailadressen som {what} må højst have {limit} tegn.")
    return value


def _apply(session: Session, organisation: Organisation, data: OrganisationInput) -> None:
    name = (data.name or "").strip()
    if not name:
        raise InputError("Skriv organisationens navn.")
    cvr = _valid_cvr(data.cvr)
    same_cvr = select(Organisation.id).where(Organisation.cvr == cvr)
    if organisation.id is not None:
        same_cvr = same_cvr.where(Organisation.id != organisation.id)
    if session.exec(same_cvr).first() is not None:
        raise InputError(f"Der findes allerede en organisation med CVR {cvr}.")
    organisation.name = name[:ORGANISATION["name"]]
    organisation.legal_name = ((data.legal_name or "").strip() or name)[:ORGANISATION["legal_name"]]
    organisation.cvr = cvr
    organisation.address = (data.address or "").strip()[:ORGANISATION["address"]]
    organisation.phone = (data.phone or "").strip()[:ORGANISATION["phone"]]
    organisation.email = _email(data.email, "kontaktadresse", ORGANISATION["email"])
    organisation.invoice_address = (data.invoice_address or "").strip()[
        :ORGANISATION["invoice_address"]]
    organisation.invoice_email = _email(data.invoice_email, "adresse til fakturaer",
                                        ORGANISATION["invoice_email"])
    organisation.ean = _valid_ean(data.ean)


def create_organisation(session: Session, data: OrganisationInput, *, admin_email: str,
                        admin_name: str, now: datetime,
                        link_for: Callable[[str], str]) -> tuple[Organisation, User]:
    """A new organisation and its first administrator, who is mailed an invitation link."""
    organisation = Organisation(name="", legal_name="", cvr="")
    _apply(session, organisation, data)
    session.add(organisation)
    session.flush()
    admin = invite_user(session, organisation_id=organisation.id, email=admin_email,
                        name=admin_name or admin_email, role="admin", now=now,
                        link_for=link_for)
    return organisation, admin


def update_organisation(session: Session, organisation: Organisation,
                        data: OrganisationInput) -> Organisation:
    """Change the organisation's details (settings page, CLI)."""
    _apply(session, organisation, data)
    session.add(organisation)
    session.flush()
    return organisation


def list_organisations(session: Session) -> list[tuple[Organisation, list[int]]]:
    """Every organisation on this installation with its pool years (the site operator's view)."""
    organisations = session.exec(select(Organisation).order_by(Organisation.name)).all()
    years: dict[int, list[int]] = {}
    for organisation_id, year in session.exec(select(Pool.organisation_id, Pool.year)
                                              .order_by(Pool.year)):
        years.setdefault(organisation_id, []).append(year)
    return [(organisation, years.get(organisation.id, [])) for organisation in organisations]
