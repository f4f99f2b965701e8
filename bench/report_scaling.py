"""How the yearly report scales: build it for 100, 1.000 and 10.000 grants, time and memory.

Run from the repository root:  .venv/bin/python bench/report_scaling.py
Each size runs in its own subprocess so the peak memory (ru_maxrss) belongs to that size alone.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reports.data import (  # noqa: E402
    GrantRow,
    GroupRow,
    OrganisationInfo,
    YearReportData,
)

SIZES = (100, 1_000, 10_000)
STATES = ("bevilget", "afsluttet", "afsluttet", "bortfaldet", "trukket tilbage")
TITLES = (
    "Sommerfest",
    "Fællesspisning for nye og gamle beboere i gården",
    "Udflugt til Mols Bjerge med madpakker, bus og guidet tur for hele familien, "
    "også for dem der ikke har været afsted før",
    "Juletræ",
)


def _group(rows: list[GrantRow], key) -> tuple[GroupRow, ...]:
    groups: dict[str, list[int]] = {}
    for row in rows:
        acc = groups.setdefault(key(row), [0, 0, 0, 0])
        acc[0] += 1
        acc[1] += row.granted
        acc[2] += row.paid
        acc[3] += row.participants
    # Department labels start with the department number; order them as numbers.
    order = sorted(groups, key=lambda label: (len(label.split()[0]), label))
    return tuple(GroupRow(label, *groups[label]) for label in order)


def synthetic_year(grants: int) -> YearReportData:
    """Return a consistent synthetic year with the given number of grants."""
    departments = max(3, min(120, grants // 50))
    rows: list[GrantRow] = []
    for i in range(grants):
        granted = (5_000 + (i * 7_919) % 15_001) * 100
        state = STATES[i % len(STATES)]
        paid = 0 if state in ("bevilget", "bortfaldet") and i % 3 else granted * (i % 4) // 4
        rows.append(GrantRow(
            reference=f"2025-{i + 1:05d}",
            department=f"{i % departments + 1} Afdeling {'Søndergården'[: 4 + i % 8]}",
            title=f"{TITLES[i % len(TITLES)]} ({i + 1})",
            participants=10 + i % 90,
            granted=granted,
            paid=paid,
            state=state,
        ))
    granted_sum = sum(r.granted for r in rows)
    paid_sum = sum(r.paid for r in rows)
    released = sum(r.granted - r.paid for r in rows if r.state != "bevilget")
    total = granted_sum + 10_000_000
    purposes = ("går på tværs af afdelinger", "ønskes igangsat med et kortere varsel",
                "for en mindre gruppe")
    return YearReportData(
        organisation=OrganisationInfo("DOMI Bolig", "DOMI Bolig - Boligorganisation",
                                      "12345678", "Søndergade 1, 8000 Aarhus C"),
        year=2025,
        rule_version="DOMI 2023-05-15",
        rule_approved_on=date(2023, 5, 15),
        total=total,
        granted=granted_sum,
        paid=paid_sum,
        released=released,
        available=total - (granted_sum - released),
        by_state=tuple((s, sum(1 for r in rows if r.state == s)) for s in sorted(set(STATES))),
        average_days_to_decision=11.4,
        by_department=_group(rows, lambda r: r.department),
        by_purpose=_group(rows, lambda r: purposes[int(r.reference[-5:]) % 3]),
        grants=tuple(rows),
        open_at_year_end=tuple(r for r in rows if r.state == "bevilget"),
        generated_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
    )


def measure_one(grants: int, pdf_dir: Path | None, repeat: int) -> dict:
    """Build one report in this process; return seconds, peak RSS and page count."""
    from pypdf import PdfReader

    from reports.yearly import build_year_report_pdf

    build_year_report_pdf(synthetic_year(3))  # warm-up: fonts, Babel data, imports
    data = synthetic_year(grants)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Best of `repeat` runs, as timeit does: the machine's other load only ever adds time.
    seconds = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        pdf = build_year_report_pdf(data)
        seconds = min(seconds, time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB -> MiB
    if pdf_dir is not None:
        (pdf_dir / f"yearly-{grants}.pdf").write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"grants": grants, "seconds": seconds, "peak_mb": peak, "before_mb": rss_before,
            "pages": pages, "kb": len(pdf) / 1024}


def run_all(sizes: tuple[int, ...], pdf_dir: Path | None, repeat: int) -> None:
    """Measure each size in a fresh subprocess and print a table."""
    print(f"machine: {platform.platform()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"best of {repeat} runs per size, each size in its own process")
    results = []
    for size in sizes:
        command = [sys.executable, __file__, "--one", str(size), "--repeat", str(repeat)]
        if pdf_dir is not None:
            command += ["--pdf-dir", str(pdf_dir)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out))
    print(f"{'grants':>7} {'seconds':>8} {'ms/case':>8} {'peak MB':>8} {'base MB':>8} "
          f"{'pages':>6} {'PDF kB':>8}")
    for r in results:
        per_case = r["seconds"] / r["grants"] * 1000
        print(f"{r['grants']:>7} {r['seconds']:>8.2f} {per_case:>8.3f} {r['peak_mb']:>8.1f} "
              f"{r['before_mb']:>8.1f} {r['pages']:>6} {r['kb']:>8.0f}")
    first, last = results[0], results[-1]
    ratio = (last["seconds"] / last["grants"]) / (first["seconds"] / first["grants"])
    print(f"time per case, {last['grants']} vs {first['grants']}: {ratio:.2f}x")


def main() -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=int, help="measure one size (used by the subprocesses)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--pdf-dir", type=Path, help="also save each PDF here")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.one, args.pdf_dir, args.repeat)))
    else:
        run_all(tuple(args.sizes), args.pdf_dir, args.repeat)


if __name__ == "__main__":
    main()
