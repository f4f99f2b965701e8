"""How the yearly report scales: 100, 1.000 and 10.000 grants, from the database to the PDF.

Run from the repository root:  .venv/bin/python bench/report_scaling.py
Each size runs in its own subprocess so the peak memory (ru_maxrss) belongs to that size alone.
"base MB" is the process's peak before the report (building the synthetic database); then the
high-water mark is set back to the current size (Linux /proc/self/clear_refs), so "peak MB" is
the process's largest size while the report was built (database included) and "build +MB" how
far that rose above the size before the build. Without clear_refs, "peak MB" is the whole run's.
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = (100, 1_000, 10_000)
# (state, paid share in quarters) cycled over the grants; a fifth of the cases are refused.
OUTCOMES = (("approved", 0), ("closed", 4), ("closed", 3), ("lapsed", 0), ("withdrawn", 0),
            ("approved", 2))
TITLES = (
    "Sommerfest",
    "Fællesspisning for nye og gamle beboere i gården",
    "Udflugt til Mols Bjerge med madpakker, bus og guidet tur for hele familien, "
    "også for dem der ikke har været afsted før",
    "Juletræ",
)


def synthetic_database(grants: int):
    """An in-memory SQLite pool year with ``grants`` grants (and a quarter as many refusals),
    their audit trail, invoices and payments — inserted in bulk, not through the services."""
    from sqlalchemy import insert
    from sqlmodel import Session, SQLModel, create_engine

    from pulje.models import (
        Application,
        AuditEntry,
        Department,
        Invoice,
        Organisation,
        Payment,
        Pool,
    )

    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    session = Session(engine)
    org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig - Boligorganisation",
                       cvr="12345678", address="Søndergade 1, 8000 Aarhus C")
    session.add(org)
    session.flush()
    departments = max(3, min(300, grants // 30))
    session.execute(insert(Department), [
        {"organisation_id": org.id, "number": str(n + 1),
         "name": f"Afdeling {'Søndergården'[: 4 + n % 8]}"} for n in range(departments)])
    pool = Pool(organisation_id=org.id, year=2025, total=grants * 12_000_00, cap=20_000_00,
                rule_version="Retningslinjer for pulje til understøttelse af fællesskaber",
                rule_approved_on=date(2023, 5, 15), opens_on=date(2025, 1, 1),
                closes_on=date(2025, 12, 31))
    session.add(pool)
    session.flush()
    cases, audit, invoices, payments = [], [], [], []
    total_cases = grants + grants // 4
    for i in range(total_cases):
        granted_case = i < grants
        state, quarters = OUTCOMES[i % len(OUTCOMES)] if granted_case else ("rejected", 0)
        received = date(2025, 1, 2) + timedelta(days=i * 300 // total_cases)
        decided = received + timedelta(days=5 + i % 30)
        requested = (5_000 + (i * 7_919) % 15_001) * 100
        cases.append({
            "id": i + 1, "pool_id": pool.id, "department_id": i % departments + 1,
            "reference": f"2025-{i + 1:05d}", "public_token": f"token-{i}", "state": state,
            "applicant_name": "Beboer", "title": f"{TITLES[i % len(TITLES)]} ({i + 1})",
            "purpose": "Fællesskab", "expected_participants": 10 + i % 90,
            "period_start": decided + timedelta(days=10),
            "period_end": decided + timedelta(days=11), "across_departments": i % 2 == 0,
            "short_notice": i % 3 == 0, "small_group": i % 5 == 0, "requested": requested,
            "granted": requested if granted_case else None,
            "decision_reason": None if granted_case else f"Begrundelse {i % 7}",
            "submitted_at": _at(received), "token_revoked": False,
            # What each state implies (migration i13a): a decision's time, an end's time.
            "decided_at": _at(decided),
            "ended_at": (_at(decided + timedelta(days=35 + i % 40))
                         if state in ("closed", "lapsed", "withdrawn") else None)})
        steps = [("in_review", received + timedelta(days=1)),
                 ("approved" if granted_case else "rejected", decided)]
        paid_on = decided + timedelta(days=30 + i % 40)
        if state in ("closed", "lapsed", "withdrawn"):
            steps.append((state, paid_on + timedelta(days=5)))
        for to_state, day in steps:
            audit.append({"at": _at(day), "actor_role": "caseworker", "actor_name": "Mette",
                          "application_id": i + 1, "action": to_state, "to_state": to_state})
        if quarters:
            invoices.append({"id": len(invoices) + 1, "application_id": i + 1,
                             "state": "paid", "supplier_name": "Leverandør ApS",
                             "number": f"F-{i}", "issue_date": paid_on,
                             "buyer_name": "DOMI Bolig", "amount": requested * quarters // 4,
                             "accepted_amount": requested * quarters // 4,
                             "received_at": _at(paid_on)})
            payments.append({"organisation_id": org.id, "invoice_id": len(invoices),
                             "amount": requested * quarters // 4,
                             "paid_on": paid_on, "idempotency_key": f"k-{i}",
                             "recorded_by": "Mette", "recorded_at": _at(paid_on)})
    for table, rows in ((Application, cases), (AuditEntry, audit), (Invoice, invoices),
                        (Payment, payments)):
        session.execute(insert(table), rows)
    session.commit()
    return session, pool


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=9)


def _high_water_mb() -> float:
    """The process's resident high-water mark (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _reset_peak() -> float | None:
    """Set the high-water mark back to the current size (Linux); None where that cannot be."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _high_water_mb()
    except OSError:
        return None


def measure_one(grants: int, pdf_dir: Path | None, repeat: int) -> dict:
    """Build one report in this process: data from the database, then the PDF.

    Returns the seconds of each half, peak RSS and the pages before and in the appendix.
    """
    from pypdf import PdfReader

    from pulje.services.year_report import build_year_report
    from reports.yearly import build_year_report_pdf

    today = date(2026, 2, 1)
    session, pool = synthetic_database(3)
    build_year_report_pdf(build_year_report(session, pool, today))  # warm-up: fonts, Babel
    session, pool = synthetic_database(grants)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The process's peak so far is the synthetic database's; on Linux the high-water mark can
    # be set back to the current size, so the build's own peak is measured as well.
    reset_to = build_peak = _reset_peak()
    # Best of `repeat` runs, as timeit does: the machine's other load only ever adds time.
    # CPU seconds of this process beside the wall time: waiting for a core on a shared
    # machine inflates the wall time only.
    data_seconds = pdf_seconds = data_cpu = pdf_cpu = float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        data = build_year_report(session, pool, today)
        middle, middle_cpu = time.perf_counter(), time.process_time()
        pdf = build_year_report_pdf(data)
        data_seconds = min(data_seconds, middle - started)
        pdf_seconds = min(pdf_seconds, time.perf_counter() - middle)
        data_cpu = min(data_cpu, middle_cpu - started_cpu)
        pdf_cpu = min(pdf_cpu, time.process_time() - middle_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB -> MiB
    if build_peak is not None:
        build_peak = _high_water_mb()
    if pdf_dir is not None:
        (pdf_dir / f"yearly-{grants}.pdf").write_bytes(pdf)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    before = next(i for i, text in enumerate(pages) if "Bilag: Alle bevillinger" in text)
    return {"grants": grants, "data_seconds": data_seconds, "pdf_seconds": pdf_seconds,
            "seconds": data_seconds + pdf_seconds, "data_cpu": data_cpu, "pdf_cpu": pdf_cpu,
            "cpu": data_cpu + pdf_cpu, "peak_mb": peak, "before_mb": rss_before,
            "build_peak_mb": build_peak, "build_base_mb": reset_to,
            "pages": len(pages), "report_pages": before, "kb": len(pdf) / 1024}


def _added(result: dict) -> float:
    """How far the build's own high-water mark rose above the process's size before it."""
    if result.get("build_peak_mb") is None:
        return float("nan")
    return result["build_peak_mb"] - result["build_base_mb"]


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
    print(f"{'grants':>7} {'data s':>7} {'PDF s':>7} {'data CPU':>8} {'PDF CPU':>8} "
          f"{'ms/case':>8} {'CPU ms/case':>11} {'peak MB':>8} {'base MB':>8} {'build +MB':>9} "
          f"{'report':>7} {'pages':>6} {'PDF kB':>8}")
    for r in results:
        per_case = r["seconds"] / r["grants"] * 1000
        cpu_per_case = r["cpu"] / r["grants"] * 1000
        print(f"{r['grants']:>7} {r['data_seconds']:>7.2f} {r['pdf_seconds']:>7.2f} "
              f"{r['data_cpu']:>8.2f} {r['pdf_cpu']:>8.2f} "
              f"{per_case:>8.3f} {cpu_per_case:>11.3f} {r['peak_mb']:>8.1f} "
              f"{r['before_mb']:>8.1f} {_added(r):>9.1f} "
              f"{r['report_pages']:>7} {r['pages']:>6} {r['kb']:>8.0f}")
    first, last = results[0], results[-1]
    for what in ("seconds", "cpu"):
        ratio = (last[what] / last["grants"]) / (first[what] / first["grants"])
        print(f"{'wall' if what == 'seconds' else 'CPU'} time per case, {last['grants']} vs "
              f"{first['grants']}: {ratio:.2f}x")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


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
