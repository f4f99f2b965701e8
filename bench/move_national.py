"""Time and peak memory of ``pulje move`` from SQLite to PostgreSQL at (a share of) national scale.

    .venv/bin/python bench/move_national.py --share 1.0 --write docs/PERFORMANCE.md

Makes the national demo (``--share`` of 500.000 cases) in a new SQLite file unless ``--sqlite``
names one already made, creates a fresh PostgreSQL database, and runs ``pulje move`` in a child
process, whose wall time and peak resident memory (getrusage) are what is reported. The
database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from pulje.demo.national import NATIONAL, Scale, load_national
from pulje.engine import make_engine
from pulje.migrate import upgrade

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
MARK = ("<!-- bench/move_national.py: begin -->", "<!-- bench/move_national.py: end -->")


def make_sqlite(path: Path, share: float) -> dict[str, int]:
    scale = Scale(organisations=max(2, round(NATIONAL.organisations * share)),
                  departments=max(6, round(NATIONAL.departments * share)),
                  years=NATIONAL.years,
                  applications=max(100, round(NATIONAL.applications * share)))
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as connection:
        counts = load_national(connection, scale=scale, today=date(2026, 11, 29))
    engine.dispose()
    return counts


def run_move(source: Path, target_url: str) -> tuple[float, int, str]:
    """Seconds, peak kB and output of one ``pulje move`` in a child process."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("pulje")), "move", "--to", target_url],
        env={**os.environ, "PULJE_DATABASE_URL": f"sqlite:///{source}"},
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--share", type=float, default=1.0)
    parser.add_argument("--sqlite", type=Path, help="an SQLite file with the demo already made")
    parser.add_argument("--write", type=Path, help="replace the marked section of this file")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="pulje-move-bench-") as folder:
        source = args.sqlite or Path(folder) / "national.sqlite"
        if args.sqlite is None:
            made = time.perf_counter()
            counts = make_sqlite(source, args.share)
            print(f"demo made in {time.perf_counter() - made:.0f} s: {counts}", flush=True)
        name = f"pulje_move_bench_{os.getpid()}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            seconds, peak_kb, output = run_move(
                source, ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
        finally:
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                              .format(sql.Identifier(name)))
    rows = int(re.search(r"Flyttet: (\d+) rækker", output).group(1))
    report = (f"{MARK[0]}\nMeasured on {platform.platform()}; Python {platform.python_version()}; "
              f"{os.cpu_count()} CPU; load average before the run "
              f"{load_before:.1f}.\n\n"
              f"| share of national | rows moved | seconds | rows/s | peak memory MB |\n"
              f"|---:|---:|---:|---:|---:|\n"
              f"| {args.share:g} | {rows:,} | {seconds:.0f} | {rows / seconds:,.0f} | "
              f"{peak_kb / 1024:.0f} |\n{MARK[1]}").replace(",", ".")
    print(report)
    if args.write:
        text = args.write.read_text()
        pattern = re.compile(re.escape(MARK[0]) + ".*?" + re.escape(MARK[1]), re.S)
        args.write.write_text(pattern.sub(lambda _m: report, text) if pattern.search(text)
                              else text.rstrip() + "\n\n" + report + "\n")


if __name__ == "__main__":
    main()
