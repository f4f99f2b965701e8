"""Benchmark: e-invoices imported into cases per second — parse, store the file, register (R6–R9).

bench/einvoice_import.py times the reader alone; this times what a caseworker's upload does:
``pulje.services.einvoice_import.import_einvoice`` (parse, keep the file, ``register_invoice``
with the case locked and the rules checked, audit entry) and the commit, one transaction per
invoice, on a fresh SQLite database with granted cases (two invoices each, so none is refused).

    .venv/bin/python bench/einvoice_full_import.py [-n 400] [--file tests/data/peppol/...xml]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from sqlmodel import Session, select  # noqa: E402

from pulje.einvoice import parse_invoice  # noqa: E402
from pulje.engine import make_engine  # noqa: E402
from pulje.migrate import upgrade  # noqa: E402
from pulje.models import Application, Department, Invoice, Organisation, Pool  # noqa: E402
from pulje.services import decisions  # noqa: E402
from pulje.services.actors import Actor  # noqa: E402
from pulje.services.einvoice_import import import_einvoice  # noqa: E402
from pulje.services.submission import (  # noqa: E402
    ApplicationInput,
    BudgetLineInput,
    submit_application,
)

FILE = ROOT / "tests" / "data" / "peppol" / "dk-domi-festudlejning.xml"  # 7.500 kr. to DOMI
NUMBER = b"<cbc:ID>2025-1187</cbc:ID>"
TODAY = date(2026, 3, 1)
CASEWORKER = Actor("caseworker", "Bench Sagsbehandler")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (f"{platform.platform()}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPU ({cpu})")


def seed(session: Session, cases: int) -> list[int]:
    """DOMI Bolig (the fixture invoice's buyer) with ``cases`` cases granted 20.000 kr."""
    org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005",
                       address="Rådhusgade 1, 8300 Odder")
    session.add(org)
    session.flush()
    session.add(Department(organisation_id=org.id, number="1", name="Søvangen"))
    session.add(Pool(organisation_id=org.id, year=2026, total=cases * 20_000_00, cap=20_000_00,
                     rule_version="Retningslinjer (bench)", rule_approved_on=date(2023, 5, 15),
                     opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)))
    session.flush()
    ids = []
    for index in range(cases):
        application = submit_application(session, org.id, ApplicationInput(
            department_number="1", applicant_name=f"Beboer {index}",
            applicant_address="Søvangen 3, 8300 Odder", applicant_email="b@beboer.example",
            applicant_phone="20 30 40 50", title="Sommerfest", purpose="En sommerfest.",
            expected_participants=80, period_start=TODAY + timedelta(days=60),
            period_end=TODAY + timedelta(days=61), across_departments=True,
            budget=[BudgetLineInput(description="Telt", amount=20_000_00)]), today=TODAY)
        decisions.start_review(session, application, CASEWORKER)
        decisions.approve(session, application, CASEWORKER, 20_000_00, today=TODAY)
        ids.append(application.id)
    session.commit()
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--invoices", type=int, default=400, help="invoices to import")
    parser.add_argument("--file", type=Path, default=FILE, help="the e-invoice to import")
    args = parser.parse_args(argv)
    data = args.file.read_bytes()
    if NUMBER not in data:
        parser.error(f"{args.file} has no {NUMBER.decode()} to vary")

    print(f"Machine: {machine()}")
    print(f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="pulje-import-") as folder:
        work = Path(folder)
        engine = make_engine(f"sqlite:///{work / 'bench.sqlite'}")
        upgrade(engine)
        with Session(engine, expire_on_commit=False) as session:
            ids = seed(session, -(-args.invoices // 2))
        files = [data.replace(NUMBER, f"<cbc:ID>BENCH-{i}</cbc:ID>".encode())
                 for i in range(args.invoices)]

        start = time.perf_counter()
        for body in files:
            parse_invoice(body)
        parse_seconds = time.perf_counter() - start

        start = time.perf_counter()
        for index, body in enumerate(files):
            with Session(engine, expire_on_commit=False) as session:
                case = session.get(Application, ids[index // 2])
                import_einvoice(session, case, CASEWORKER, body, file_name=args.file.name,
                                folder=work / "uploads")
                session.commit()
        seconds = time.perf_counter() - start
        with Session(engine) as session:
            states = Counter(session.exec(select(Invoice.state)).all())
        stored = len(list((work / "uploads").iterdir()))
        engine.dispose()

    n = args.invoices
    print(f"\n{args.file.relative_to(ROOT) if args.file.is_relative_to(ROOT) else args.file} "
          f"({len(data) / 1024:.1f} KB), {n} invoices on {len(ids)} granted cases, SQLite, "
          "one transaction each")
    print(f"Parse only:   {n / parse_seconds:7.0f} per second ({parse_seconds / n * 1000:.2f} ms "
          "each)")
    print(f"Full import:  {n / seconds:7.0f} per second ({seconds / n * 1000:.2f} ms each: "
          "parse, store file, register_invoice, commit)")
    print(f"Invoices by state: {dict(states)}; files stored: {stored}")
    return 0 if states.get("received", 0) == n and stored == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
