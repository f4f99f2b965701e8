"""Finding organisations, pools, cases and invoices — scoped to one organisation."""

from __future__ import annotations

import hmac

from sqlmodel import Session, select

from pulje.models import Application, Department, Invoice, Organisation, Pool
from pulje.services.errors import NotFound


def organisation_by_cvr(session: Session, cvr: str | int | None) -> Organisation:
    """The organisation with this CVR, or the only one when none is given."""
    if cvr:
        organisation = session.exec(
            select(Organisation).where(Organisation.cvr == str(cvr))).first()
        if organisation is None:
            raise NotFound(f"Der er ingen organisation med CVR {cvr}.")
        return organisation
    organisations = session.exec(select(Organisation).order_by(Organisation.id).limit(2)).all()
    if not organisations:
        raise NotFound("Der er ingen organisation endnu. Kør »pulje demo« eller opret en.")
    if len(organisations) > 1:
        raise NotFound("Der er flere organisationer; vælg en med --org CVR.")
    return organisations[0]


def departments_in_order(session: Session, organisation_id: int, *,
                         current_only: bool = False) -> list:
    """(id, number, name) of the organisation's departments in number order ("2" before "10");
    ``current_only`` leaves out retired ones (a new application cannot name them).

    Columns rather than rows: the forms list every department, 700 in the largest organisation.
    """
    query = (select(Department.id, Department.number, Department.name)
             .where(Department.organisation_id == organisation_id))
    if current_only:
        query = query.where(Department.retired == False)  # noqa: E712
    rows = session.exec(query).all()
    return sorted(rows, key=lambda row: (len(row.number), row.number))


def pool_for_year(session: Session, organisation_id: int, year: int) -> Pool:
    """The organisation's pool for ``year``."""
    pool = session.exec(select(Pool).where(Pool.organisation_id == organisation_id,
                                           Pool.year == year)).first()
    if pool is None:
        raise NotFound(f"Der er ingen pulje for {year}.")
    return pool


def case_by_reference(session: Session, organisation_id: int, reference: str) -> Application:
    """The organisation's case with this reference, e.g. '2026-0007'."""
    application = session.exec(
        select(Application).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               Application.reference == reference.strip())).first()
    if application is None:
        raise NotFound(f"Sagen {reference} findes ikke.")
    return application


def case_by_token(session: Session, token: str) -> Application:
    """The one case a resident's private link opens; revoked links open nothing."""
    application = session.exec(
        select(Application).where(Application.public_token == token)).first()
    if (application is None or application.token_revoked
            or not hmac.compare_digest(application.public_token, token)):
        raise NotFound("Linket er ugyldigt eller udløbet.")
    return application


def invoice_in_organisation(session: Session, organisation_id: int, invoice_id: int) -> Invoice:
    """An invoice on one of the organisation's cases."""
    invoice = session.exec(
        select(Invoice).join(Application, Application.id == Invoice.application_id)
        .join(Pool, Pool.id == Application.pool_id)
        .where(Invoice.id == invoice_id, Pool.organisation_id == organisation_id)).first()
    if invoice is None:
        raise NotFound(f"Faktura {invoice_id} findes ikke.")
    return invoice
