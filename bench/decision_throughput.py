"""Benchmark: approvals per second with concurrent caseworkers, and no over-commitment (R1).

A fresh PostgreSQL schema (in the database of --url, dropped afterwards unless --keep) gets one
organisation, one pool year and --cases cases in review, all submitted through the services.
The pool holds only --room of the requested sums, so the approvals race for the last kroner.
--clients threads, each with its own engine, approve the cases (each in its own transaction,
retried on lock conflicts by ``run_in_transaction``) as fast as they can. At the end the pool's
figures must show granted ≤ total.

    .venv/bin/python bench/decision_throughput.py \\
        [--url postgresql://postgres@127.0.0.1:5432/pulje_bench] [--clients 8] [--cases 300]
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import secrets
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from pulje.engine import (  # noqa: E402
    TryAgain,  # noqa: E402
    make_engine,
    run_in_transaction,
    session_factory,
)
from pulje.migrate import upgrade  # noqa: E402
from pulje.models import Application, Department, Organisation, Pool  # noqa: E402
from pulje.services import decisions  # noqa: E402
from pulje.services.accounting import pool_figures  # noqa: E402
from pulje.services.actors import Actor  # noqa: E402
from pulje.services.errors import WorkflowError  # noqa: E402
from pulje.services.submission import (  # noqa: E402
    ApplicationInput,
    BudgetLineInput,
    submit_application,
)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pulje_bench"
TODAY = date(2026, 3, 1)
REQUESTED = 15_000_00


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (f"{platform.platform()}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPU ({cpu})")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def seed(url: str, cases: int, room: float) -> list[int]:
    """Migrate the schema and submit ``cases`` cases, all taken into review; their ids."""
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        org = Organisation(name="Bench Bolig", legal_name="Bench Bolig", cvr="30000005",
                           address="Benchvej 1, 8000 Aarhus C")
        session.add(org)
        session.flush()
        for number in range(1, 11):
            session.add(Department(organisation_id=org.id, number=str(number),
                                   name=f"Afdeling {number}"))
        session.add(Pool(organisation_id=org.id, year=TODAY.year,
                         total=int(cases * REQUESTED * room), cap=20_000_00,
                         rule_version="Retningslinjer (bench)", rule_approved_on=date(2023, 5, 15),
                         opens_on=date(TODAY.year, 1, 1), closes_on=date(TODAY.year, 12, 31)))
        session.flush()
        caseworker = Actor("caseworker", "Bench Sagsbehandler")
        ids = []
        for index in range(cases):
            application = submit_application(session, org.id, ApplicationInput(
                department_number=str(index % 10 + 1), applicant_name=f"Beboer {index}",
                applicant_address="Benchvej 2, 8000 Aarhus C",
                applicant_email=f"beboer{index}@bench.invalid", applicant_phone="20 30 40 50",
                title=f"Fællesspisning {index}", purpose="Fællesspisning på tværs.",
                expected_participants=40, period_start=TODAY + timedelta(days=60),
                period_end=TODAY + timedelta(days=61), across_departments=True,
                budget=[BudgetLineInput(description="Mad", amount=REQUESTED)]), today=TODAY)
            decisions.start_review(session, application, caseworker)
            ids.append(application.id)
        session.commit()
    engine.dispose()
    return ids


def approve_all(url: str, ids: list[int], clients: int) -> tuple[float, dict[str, int]]:
    """Approve every case from ``clients`` threads; seconds taken and outcomes."""
    work: queue.Queue[int] = queue.Queue()
    for case_id in ids:
        work.put(case_id)
    outcomes = {"approved": 0, "refused": 0, "try_again": 0}
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        engine = make_engine(url, pool_size=1)
        factory = session_factory(engine)
        actor = Actor("caseworker", f"Sagsbehandler {number}")
        with factory() as session:  # connect before the clock starts
            session.exec(select(Pool.id)).first()
        ready.wait()
        while True:
            try:
                case_id = work.get_nowait()
            except queue.Empty:
                break

            def approve(session: Session, case_id: int = case_id) -> None:
                decisions.approve(session, session.get(Application, case_id), actor,
                                  REQUESTED, today=TODAY)

            try:
                run_in_transaction(factory, approve)
                outcome = "approved"
            except TryAgain:
                outcome = "try_again"
            except WorkflowError:
                outcome = "refused"  # R1: the pool has no room left for it
            with lock:
                outcomes[outcome] += 1
        engine.dispose()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="a PostgreSQL database to work in")
    parser.add_argument("--clients", type=int, default=8, help="concurrent caseworkers")
    parser.add_argument("--cases", type=int, default=300, help="cases in review")
    parser.add_argument("--room", type=float, default=0.6,
                        help="the pool's total as a share of all requested sums")
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    args = parser.parse_args(argv)

    print(f"Machine: {machine()}")
    print(f"Load average at start: {load_average()}")
    schema = f"bench_decisions_{int(time.time())}_{secrets.token_hex(3)}"
    libpq = args.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(libpq, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    separator = "&" if "?" in args.url else "?"
    url = f"{args.url}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        started = time.perf_counter()
        ids = seed(url, args.cases, args.room)
        print(f"Schema {schema}: {len(ids)} cases in review, seeded in "
              f"{time.perf_counter() - started:.1f} s")
        seconds, outcomes = approve_all(url, ids, args.clients)
        engine = make_engine(url)
        with Session(engine) as session:
            pool = session.exec(select(Pool)).one()
            figures = pool_figures(session, pool)
            granted_cases = len(session.exec(
                select(Application.id).where(Application.granted.is_not(None))).all())
        engine.dispose()
    finally:
        if not args.keep:
            with psycopg.connect(libpq, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))

    decided = outcomes["approved"] + outcomes["refused"]
    total = f"{pool.total / 100:,.0f}".replace(",", ".")
    print(f"\n{args.clients} clients, {args.cases} approvals of 15.000 kr. asked against a pool "
          f"of {total} kr.; load average at end: {load_average()}")
    print(f"Approved {outcomes['approved']}, refused by R1 {outcomes['refused']}, "
          f"gave up (TryAgain) {outcomes['try_again']} in {seconds:.2f} s")
    print(f"Approvals per second: {outcomes['approved'] / seconds:.0f}; "
          f"decisions (approved or refused) per second: {decided / seconds:.0f}")
    ok = figures.granted <= figures.total and granted_cases == outcomes["approved"]
    print(f"Pool: total {figures.total}, granted {figures.granted} øre in {granted_cases} cases, "
          f"available {figures.available}: {'used ≤ total' if ok else 'OVER-COMMITTED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
