"""CPU profile (cProfile with process time) of one half of the yearly report at one size.

Run from the repository root:
    .venv/bin/python bench/profile_year_report.py 10000 data bench/profiles/yearly-data-10000.prof
    .venv/bin/python bench/profile_year_report.py 10000 pdf bench/profiles/yearly-pdf-10000.prof
The synthetic pool year is bench/report_scaling.py's; a small report is built first (fonts,
Babel data) and the half not profiled is built outside the profile. Prints the top functions
by own and by cumulative time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    """Profile the data or the PDF half of one report and save the profile."""
    from bench.report_scaling import synthetic_database
    from pulje.services.year_report import build_year_report
    from reports.yearly import build_year_report_pdf

    grants, half, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    today = date(2026, 2, 1)
    session, pool = synthetic_database(3)
    build_year_report_pdf(build_year_report(session, pool, today))  # warm-up
    session, pool = synthetic_database(grants)
    data = build_year_report(session, pool, today)
    profile = cProfile.Profile(time.process_time)
    if half == "data":
        profile.enable()
        build_year_report(session, pool, today)
        profile.disable()
    else:
        profile.enable()
        build_year_report_pdf(data)
        profile.disable()
    profile.dump_stats(out)
    stats = pstats.Stats(out)
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
