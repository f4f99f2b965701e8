"""Benchmark: the caseworker queue's first page, the status page and the yearly figures on the
national demo (``pulje demo --scale national``), on SQLite and on PostgreSQL.

Load each database once, then time it (warm cache; best and median of several rounds):

    PULJE_DATABASE_URL=sqlite:///$PWD/instance/national.sqlite .venv/bin/pulje demo --scale national
    .venv/bin/python bench/db_queries.py --url sqlite:///instance/national.sqlite \\
        --url postgresql://postgres@127.0.0.1:5432/pulje_bench [--write docs/PERFORMANCE.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.markdown_section import write_section  # noqa: E402
from pulje.engine import make_engine  # noqa: E402
from pulje.models import Application, Department, Pool  # noqa: E402
from pulje.services.accounting import pool_figures  # noqa: E402
from pulje.services.queries import case_by_token  # noqa: E402
from pulje.services.queue import case_queue  # noqa: E402

SECTION = "## Database at national scale"
BEGIN, END = "<!-- bench/db_queries.py: begin -->", "<!-- bench/db_queries.py: end -->"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (f"{platform.platform()}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPU ({cpu})")


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Best and median wall time in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def organisations(session: Session) -> tuple[int, int, int]:
    """The largest organisation, a median one (by cases) and how many cases the largest has."""
    sizes = session.exec(
        select(Pool.organisation_id, func.count(Application.id))
        .join(Application, Application.pool_id == Pool.id)
        .group_by(Pool.organisation_id).order_by(func.count(Application.id).desc())).all()
    return sizes[0][0], sizes[len(sizes) // 2][0], sizes[0][1]


def measurements(session: Session, rounds: int) -> list[tuple[str, float, float]]:
    largest, median_org, largest_cases = organisations(session)
    this_year = session.exec(select(func.max(Pool.year))).one()
    department = session.exec(select(Department.id)
                              .where(Department.organisation_id == largest)).first()
    today = date.today()
    queue = case_queue
    cases: list[tuple[str, Callable[[], object]]] = [
        (f"queue, largest organisation ({_thousands(largest_cases)} cases), all years",
         lambda: queue(session, largest, today=today)),
        ("queue, largest organisation, this year",
         lambda: queue(session, largest, year=this_year, today=today)),
        ("queue, largest organisation, this year, state 'submitted'",
         lambda: queue(session, largest, year=this_year, state="submitted", today=today)),
        ("queue, largest organisation, one department",
         lambda: queue(session, largest, department_id=department, today=today)),
        ("queue, largest organisation, text search 'jensen'",
         lambda: queue(session, largest, text="jensen", today=today)),
        ("queue, median organisation, all years",
         lambda: queue(session, median_org, today=today)),
    ]
    tokens = session.exec(select(Application.public_token).order_by(func.random()).limit(200)
                          ).all()
    picks = iter(random.Random(1).choices(tokens, k=10_000))
    cases.append(("status page: case by token", lambda: case_by_token(session, next(picks))))
    pool_id = session.exec(select(Application.pool_id).where(Application.pool_id.in_(
        select(Pool.id).where(Pool.organisation_id == largest, Pool.year == this_year)))
    ).first()
    pool = session.get(Pool, pool_id)
    cases.append(("pool figures, largest pool", lambda: pool_figures(session, pool)))
    from pulje.services.year_report import build_year_report

    cases.append(("yearly report data, largest pool",
                  lambda: build_year_report(session, pool, date.today())))
    results = []
    for label, fn in cases:
        best, median = timed(fn, rounds)
        results.append((label, best, median))
    return results


def table(url: str, rounds: int) -> str:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            count = session.exec(select(func.count(Application.id))).one()
            if count == 0:
                raise SystemExit(f"{url}: no cases; load them with pulje demo --scale national")
            rows = measurements(session, rounds)
            name = engine.dialect.name
            version = session.connection().exec_driver_sql(
                "SELECT sqlite_version()" if name == "sqlite" else "SHOW server_version"
            ).scalar()
    finally:
        engine.dispose()
    lines = [f"**{name} {version}** ({_thousands(count)} cases; {rounds} rounds, warm cache)",
             "", "| query | best ms | median ms |", "|---|---:|---:|"]
    lines += [f"| {label} | {best:.1f} | {median:.1f} |" for label, best, median in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True,
                        help="database URL with the national demo (repeat for each engine)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--write", type=Path, default=None,
                        help="put the tables in this Markdown file's section")
    args = parser.parse_args()
    tables = [table(url, args.rounds) for url in args.url]
    body = "\n\n".join([f"Measured on {machine()}.", *tables])
    print(body)
    if args.write:
        write_section(args.write, SECTION, BEGIN, END, body)


if __name__ == "__main__":
    main()
