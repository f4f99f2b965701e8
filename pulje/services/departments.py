"""An organisation's departments (afdelinger): add, rename, retire, and import from CSV.

A department with cases is never deleted: it is retired, keeps its cases and reports, and
takes no new applications.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session, select

from pulje.models import Department
from pulje.services.errors import InputError, NotFound
from workflows.fields import DEPARTMENT

__all__ = ["ImportPlan", "add_department", "apply_import", "department_by_number",
           "plan_import", "read_csv", "rename_department", "set_retired"]

MAX_NUMBER, MAX_NAME, MAX_ADDRESS = DEPARTMENT["number"], DEPARTMENT["name"], DEPARTMENT["address"]


def _clean(number: str, name: str, address: str = "") -> tuple[str, str, str]:
    number, name, address = (number or "").strip(), (name or "").strip(), (address or "").strip()
    if not number:
        raise InputError("Skriv afdelingens nummer.")
    if not name:
        raise InputError("Skriv afdelingens navn.")
    if len(number) > MAX_NUMBER:
        raise InputError(f"Afdelingsnummeret må højst have {MAX_NUMBER} tegn.")
    if len(name) > MAX_NAME or len(address) > MAX_ADDRESS:
        raise InputError("Navn eller adresse er for langt.")
    return number, name, address


def department_by_number(session: Session, organisation_id: int, number: str) -> Department:
    department = session.exec(select(Department).where(
        Department.organisation_id == organisation_id,
        Department.number == (number or "").strip())).first()
    if department is None:
        raise NotFound(f"Der er ingen afdeling med nummer {number}.")
    return department


def add_department(session: Session, organisation_id: int, *, number: str, name: str,
                   address: str = "") -> Department:
    """A new department; its number is unique within the organisation."""
    number, name, address = _clean(number, name, address)
    if session.exec(select(Department.id).where(Department.organisation_id == organisation_id,
                                                Department.number == number)).first():
        raise InputError(f"Der findes allerede en afdeling med nummer {number}.")
    department = Department(organisation_id=organisation_id, number=number, name=name,
                            address=address)
    session.add(department)
    session.flush()
    return department


def rename_department(session: Session, department: Department, *, name: str,
                      address: str | None = None) -> Department:
    """A new name (and address); the number and the cases stay."""
    _, name, cleaned_address = _clean(department.number, name, address or "")
    department.name = name
    if address is not None:
        department.address = cleaned_address
    session.add(department)
    session.flush()
    return department


MAX_HOMES = 100_000


def set_homes(session: Session, department: Department, homes: int | None) -> Department:
    """The department's number of homes (boliger), for reach per 100 homes; None: unknown."""
    if homes is not None and not 1 <= homes <= MAX_HOMES:
        raise InputError("Antal boliger skal være et helt tal fra 1 til 100.000.")
    department.homes = homes
    session.add(department)
    session.flush()
    return department


def set_retired(session: Session, department: Department, retired: bool) -> Department:
    """Retire (no new applications) or bring back a department; its cases are kept."""
    department.retired = retired
    session.add(department)
    session.flush()
    return department


@dataclass
class ImportPlan:
    """What a CSV import would do: new departments, changed names, and the lines refused."""

    new: list[tuple[str, str, str]] = field(default_factory=list)  # number, name, address
    # number, old name, new name, address
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_csv(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without a byte order mark), else Windows-1252, which
    a Danish Excel writes for »CSV (semikolonsepareret)«."""
    if len(data) > 2_000_000:
        raise InputError("Filen er for stor til en liste over afdelinger (højst 2 MB).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def plan_import(session: Session, organisation_id: int, text: str) -> ImportPlan:
    """Read ``number;name;address`` lines and say what would change; writes nothing.

    A header line (``nummer;navn;adresse``) is skipped. Each bad line gets its own Danish
    message with its line number.
    """
    existing = {d.number: d for d in session.exec(
        select(Department).where(Department.organisation_id == organisation_id))}
    plan, seen = ImportPlan(), set()
    rows = csv.reader(io.StringIO((text or "").lstrip("\ufeff")), delimiter=";")
    for line_no, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if line_no == 1 and row[0].strip().casefold() in ("nummer", "nr", "nr.", "afdeling"):
            continue
        if len(row) not in (2, 3):
            plan.errors.append(f"Linje {line_no}: forventede »nummer;navn;adresse«, men fandt "
                               f"{len(row)} felt(er).")
            continue
        try:
            number, name, address = _clean(*row)
        except InputError as exc:
            plan.errors.append(f"Linje {line_no}: {exc.message}")
            continue
        if number in seen:
            plan.errors.append(f"Linje {line_no}: afdeling {number} står to gange i filen.")
            continue
        seen.add(number)
        current = existing.get(number)
        if current is None:
            plan.new.append((number, name, address))
        elif (current.name, current.address) != (name, address or current.address):
            plan.changed.append((number, current.name, name, address))
        else:
            plan.unchanged += 1
    if not (plan.new or plan.changed or plan.unchanged or plan.errors):
        plan.errors.append("Filen indeholder ingen afdelinger.")
    return plan


def apply_import(session: Session, organisation_id: int, text: str) -> ImportPlan:
    """Carry out the plan, all or nothing: a file with a bad line changes nothing."""
    plan = plan_import(session, organisation_id, text)
    if not plan.ok:
        raise InputError("Filen er ikke indlæst, fordi den har fejl: " + " ".join(plan.errors))
    for number, name, address in plan.new:
        add_department(session, organisation_id, number=number, name=name, address=address)
    for number, _old, name, address in plan.changed:
        rename_department(session, department_by_number(session, organisation_id, number),
                          name=name, address=address or None)
    return plan
