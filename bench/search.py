"""Benchmark: the caseworker's case search (pulje.services.search) in the largest organisation of
the national demo, on SQLite and PostgreSQL; p50 and p95 per kind of query, warm cache.

Load each database once (``pulje demo --scale national`` fills case_search too), then:

    .venv/bin/python bench/search.py --url sqlite:///instance/national.sqlite \\
        --url postgresql://postgres@127.0.0.1:5432/pulje_bench [--write docs/PERFORMANCE.md]

Each kind of query is asked ``--rounds`` times with values drawn from the organisation's own
cases (names, e-mails, invoice numbers …), so the figures are not one lucky word. "before" is
the queue's text filter as it was: ``lower(column) LIKE '%…%'`` over name and title.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from sqlalchemy import event, func, or_  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.markdown_section import write_section  # noqa: E402
from pulje.engine import make_engine  # noqa: E402
from pulje.models import Application, Department, Invoice, Payment, Pool  # noqa: E402
from pulje.services.queue import case_queue  # noqa: E402
from pulje.services.search import search_cases  # noqa: E402

SECTION = "## Case search at national scale"
BEGIN, END = "<!-- bench/search.py: begin -->", "<!-- bench/search.py: end -->"


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def largest_organisation(session: Session) -> tuple[int, int]:
    """The organisation with the most cases, and how many it has."""
    return session.exec(
        select(Pool.organisation_id, func.count(Application.id))
        .join(Application, Application.pool_id == Pool.id)
        .group_by(Pool.organisation_id).order_by(func.count(Application.id).desc())).first()


def samples(session: Session, organisation_id: int, rng: random.Random) -> dict[str, list[str]]:
    """Values a caseworker may have in hand, drawn from the organisation's own cases."""
    in_org = (select(Application.id).join(Pool, Pool.id == Application.pool_id)
              .where(Pool.organisation_id == organisation_id))
    cases = session.exec(
        select(Application.reference, Application.applicant_name, Application.applicant_email,
               Department.name)
        .join(Department, Department.id == Application.department_id)
        .where(Application.id.in_(in_org))).all()
    invoices = session.exec(select(Invoice.number, Invoice.supplier_name, Invoice.supplier_cvr)
                            .where(Invoice.application_id.in_(in_org))).all()
    payments = session.exec(select(Payment.reference)
                            .join(Invoice, Invoice.id == Payment.invoice_id)
                            .where(Invoice.application_id.in_(in_org))).all()
    picks = rng.sample(cases, 200)
    return {
        "case number": [c.reference for c in picks],
        "case number without the year": [c.reference.split("-")[1] for c in picks],
        "applicant's full name": [c.applicant_name for c in picks],
        "surname, typed with oe/aa": [c.applicant_name.split()[-1].replace("ø", "oe")
                                      for c in picks],
        "applicant's e-mail": [c.applicant_email for c in picks],
        "department name": [c.name for c in picks],
        "invoice number": [i.number for i in rng.sample(invoices, 200)],
        "supplier CVR": [i.supplier_cvr for i in rng.sample(invoices, 200) if i.supplier_cvr],
        "payment reference": rng.sample(payments, 200),
        "two letters": ["bo", "li", "an", "ha", "øs", "aa", "ny", "ko"],
    }


class Statements:
    """Counts the statements an engine sends (to show how many a search takes)."""

    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_args) -> None:
        self.count += 1


def percentiles(fn: Callable[[str], object], values: list[str], rounds: int,
                rng: random.Random, statements: Statements) -> tuple[float, float, float]:
    """p50 and p95 wall time in milliseconds over ``rounds`` calls, after three warm-ups, and
    the statements a call sent on average."""
    for value in values[:3]:
        fn(value)
    times = []
    sent = statements.count
    for _ in range(rounds):
        value = rng.choice(values)
        start = time.perf_counter()
        fn(value)
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=20)
    return statistics.median(times), cuts[18], (statements.count - sent) / rounds


def before(session: Session, organisation_id: int, query: str) -> list[int]:
    """The queue's text filter before the search table: lower(...) LIKE over the rows."""
    pattern = f"%{query.lower()}%"
    return list(session.exec(
        select(Application.id).join(Pool, Pool.id == Application.pool_id)
        .where(Pool.organisation_id == organisation_id,
               or_(Application.reference.like(f"{query}%"),
                   func.lower(Application.applicant_name).like(pattern),
                   func.lower(Application.title).like(pattern)))
        .order_by(Application.id.desc()).limit(51)).all())


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}".replace(".", ",")


def table(url: str, rounds: int) -> str:
    engine = make_engine(url)
    load_before = _load()
    rng = random.Random(2026)
    statements = Statements(engine)
    try:
        with Session(engine) as session:
            organisation_id, count = largest_organisation(session)
            total = session.exec(select(func.count(Application.id))).one()
            rows = []
            for kind, values in samples(session, organisation_id, rng).items():
                rows.append((f"search: {kind}", *percentiles(
                    lambda q: search_cases(session, organisation_id, q), values, rounds, rng,
                    statements)))
            words = ["jensen", "sommerfest", "hansen", "loppemarked"]
            rows.append(("search: a common word (jensen, sommerfest …)",
                         *percentiles(lambda q: search_cases(session, organisation_id, q),
                                      words, rounds, rng, statements)))
            rows.append(("queue filtered by a common word, first page",
                         *percentiles(lambda q: case_queue(session, organisation_id, text=q),
                                      words, rounds, rng, statements)))
            rows.append(("before: lower() LIKE over name and title, a common word",
                         *percentiles(lambda q: before(session, organisation_id, q),
                                      words, rounds, rng, statements)))
            name = engine.dialect.name
            version = session.connection().exec_driver_sql(
                "SELECT sqlite_version()" if name == "sqlite" else "SHOW server_version"
            ).scalar()
    finally:
        engine.dispose()
    lines = [f"**{name} {version}** ({_thousands(total)} cases; largest organisation "
             f"{_thousands(count)} cases; {rounds} searches per row, warm cache; load average "
             f"{load_before} before, {_load()} after)", "",
             "| query | p50 ms | p95 ms | statements |", "|---|---:|---:|---:|"]
    lines += [f"| {label} | {p50:.1f} | {p95:.1f} | {sent:.1f} |"
              for label, p50, p95, sent in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True,
                        help="database URL with the national demo (repeat for each engine)")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--write", type=Path, default=None,
                        help="put the tables in this Markdown file's section")
    args = parser.parse_args()
    tables = [table(url, args.rounds) for url in args.url]
    cpu = platform.processor() or platform.machine()
    body = "\n\n".join([f"Measured on {platform.platform()}; Python "
                        f"{platform.python_version()}; {os.cpu_count()} CPU ({cpu}).", *tables])
    print(body)
    if args.write:
        write_section(args.write, SECTION, BEGIN, END, body)


if __name__ == "__main__":
    main()
