"""Keeping ``case_search`` up to date: what of a case can be searched, and its folded text.

The services that change a searchable field call ``refresh_case`` (submission, invoices,
payments, anonymisation); ``rebuild`` writes every row again (``pulje search rebuild`` and
migration i21a). On SQLite, triggers (migrations i21a, i21c) copy each change of
``case_search`` into its FTS5 index, numbering each case ``organisation_id * ORGANISATION_KEY +
application_id`` so that one organisation's cases are one range; on PostgreSQL the pg_trgm
index follows the table by itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Row, Select, delete, insert, select
from sqlmodel import Session, col

from pulje.folding import fold
from pulje.models import Application, CaseSearch, Department, Invoice, Payment, Pool

BATCH = 5_000
ORGANISATION_KEY = 2 ** 32  # the SQLite FTS5 row of a case (migration i21c)


@dataclass(frozen=True)
class InvoiceText:
    """What a caseworker may have in hand from a supplier's invoice."""

    supplier_name: str
    supplier_cvr: str | None
    number: str


@dataclass(frozen=True)
class CaseText:
    """The searchable fields of one case, as written."""

    reference: str
    applicant_name: str
    applicant_email: str
    title: str
    department_number: str
    department_name: str
    invoices: tuple[InvoiceText, ...] = ()
    payment_references: tuple[str, ...] = ()


def searchable_fields(case: CaseText) -> list[tuple[str, str]]:
    """(Danish label, text) of everything the search looks in, in the order it shows them."""
    fields = [("Sagsnr.", case.reference), ("Ansøger", case.applicant_name),
              ("E-mail", case.applicant_email), ("Titel", case.title),
              ("Afdeling", f"{case.department_number} {case.department_name}")]
    for invoice in case.invoices:
        fields += [("Leverandør", invoice.supplier_name),
                   ("Leverandørens CVR", invoice.supplier_cvr or ""),
                   ("Fakturanr.", invoice.number)]
    fields += [("Betalingsreference", reference) for reference in case.payment_references]
    return [(label, text) for label, text in fields if text and text.strip()]


def document(case: CaseText) -> str:
    """The folded text stored for ``case``: one field a line, so no match spans two fields."""
    return "\n".join(dict.fromkeys(fold(text) for _, text in searchable_fields(case)))


@dataclass(frozen=True)
class CaseRecord:
    """A case as the search shows it: its searchable fields, state and invoices' states."""

    organisation_id: int
    text: CaseText
    state: str
    invoice_states: tuple[str, ...]


def case_records(connection: Connection | Session,
                 cases: Iterable[int] | Select) -> dict[int, CaseRecord]:
    """Each of the cases with its fields, its invoices and their payments, in one statement.

    ``cases`` are ids, or a query of ids (read as its subquery, so that a search finds its
    cases and reads them in one round trip). A row per payment, or per invoice without one.
    """
    rows = connection.execute(
        select(  # type: ignore[call-overload]  # sqlmodel: at most 4 columns
               Application.id, Pool.organisation_id, Application.reference,
               Application.applicant_name, Application.applicant_email, Application.title,
               Application.state, Department.number, Department.name,
               col(Invoice.id).label("invoice_id"), col(Invoice.state).label("invoice_state"),
               Invoice.supplier_name, Invoice.supplier_cvr,
               col(Invoice.number).label("invoice_number"),
               col(Payment.id).label("payment_id"), col(Payment.reference).label("payment"))
        .join(Pool, Pool.id == Application.pool_id)
        .join(Department, Department.id == Application.department_id)
        .outerjoin(Invoice, col(Invoice.application_id) == Application.id)
        .outerjoin(Payment, col(Payment.invoice_id) == Invoice.id)
        .where(col(Application.id).in_(cases))
        .order_by(col(Application.id), col(Invoice.id), col(Payment.id)))
    cases_read: dict[int, Row] = {}
    invoices: dict[int, dict[int, tuple[InvoiceText, str]]] = defaultdict(dict)
    payments: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        cases_read.setdefault(row.id, row)
        if row.invoice_id is not None:
            invoices[row.id][row.invoice_id] = (InvoiceText(
                row.supplier_name, row.supplier_cvr, row.invoice_number), row.invoice_state)
        if row.payment_id is not None:
            payments[row.id].append((row.payment_id, row.payment))
    return {
        case_id: CaseRecord(
            organisation_id=row.organisation_id,
            text=CaseText(
                reference=row.reference, applicant_name=row.applicant_name,
                applicant_email=row.applicant_email, title=row.title,
                department_number=row.number, department_name=row.name,
                invoices=tuple(text for text, _ in invoices[case_id].values()),
                payment_references=tuple(reference for _, reference
                                         in sorted(payments[case_id]))),
            state=row.state,
            invoice_states=tuple(state for _, state in invoices[case_id].values()))
        for case_id, row in cases_read.items()
    }


def case_texts(connection: Connection | Session,
               application_ids: Iterable[int]) -> dict[int, tuple[int, CaseText]]:
    """(organisation id, searchable fields) of each of the cases, read in one query."""
    records = case_records(connection, list(application_ids))
    return {case_id: (record.organisation_id, record.text) for case_id, record in records.items()}


def _write(connection: Connection | Session, application_ids: list[int]) -> int:
    texts = case_texts(connection, application_ids)
    connection.execute(delete(CaseSearch).where(col(CaseSearch.application_id).in_(application_ids)))
    rows = [{"application_id": case_id, "organisation_id": organisation_id,
             "text": document(case)} for case_id, (organisation_id, case) in texts.items()]
    if rows:
        connection.execute(insert(CaseSearch), rows)
    return len(rows)


def refresh_case(session: Session, application_id: int) -> None:
    """Write the case's search row again from what the case holds now."""
    session.flush()
    _write(session, [application_id])


def rebuild(connection: Connection | Session, organisation_id: int | None = None) -> int:
    """Write the search rows of every case (of one organisation) again; returns how many."""
    query = select(col(Application.id)).order_by(col(Application.id))
    if organisation_id is not None:
        query = query.join(Pool, col(Pool.id) == Application.pool_id).where(
            col(Pool.organisation_id) == organisation_id)
    else:
        # Rows of cases that no longer exist go too (their foreign key cascades, but a
        # database restored without the search table's rows or with stale ones is mended).
        connection.execute(delete(CaseSearch))
    ids = list(connection.execute(query).scalars())
    return sum(_write(connection, ids[start:start + BATCH])
               for start in range(0, len(ids), BATCH))
