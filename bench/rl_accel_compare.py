"""The yearly report with and without ReportLab's C accelerators (rl-accel), interleaved.

Each run builds the report of ``--grants`` synthetic grants (bench/report_scaling.py's data)
in a fresh subprocess, alternately with rl-accel and with it blocked (the pure-Python
fallbacks of ``reportlab.lib.rl_accel``), and prints wall and CPU seconds of the data and the
PDF together. On a shared machine the CPU seconds are the figure to compare: wall time
includes waiting for a core.

    .venv/bin/python bench/rl_accel_compare.py [--grants 10000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one(grants: int, accelerated: bool) -> dict:
    if not accelerated:
        sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # ImportError on import
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import reportlab.lib.rl_accel as accel
    from report_scaling import synthetic_database

    from pulje.services.year_report import build_year_report
    from reports.yearly import build_year_report_pdf

    day = date(2026, 2, 1)
    session, pool = synthetic_database(3)
    build_year_report_pdf(build_year_report(session, pool, day))  # warm-up: fonts, Babel
    session, pool = synthetic_database(grants)
    wall, cpu = time.perf_counter(), time.process_time()
    build_year_report_pdf(build_year_report(session, pool, day))
    return {"grants": grants, "rl_accel": "built-in" in repr(accel.fp_str),
            "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grants", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", choices=("with", "without"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.grants, args.one == "with")))
        return
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(args.rounds):
        for mode in ("without", "with"):
            out = subprocess.run([sys.executable, __file__, "--one", mode, "--grants",
                                  str(args.grants)], check=True, capture_output=True,
                                 text=True).stdout
            result = json.loads(out)
            print(f"{result['grants']} grants, rl-accel {'on ' if result['rl_accel'] else 'off'}:"
                  f" wall {result['wall']:.2f} s, CPU {result['cpu']:.2f} s", flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
