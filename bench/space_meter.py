"""Benchmark: the application form's live space meter (POST /ansoeg/plads).

The meter answers while a resident types, so it must feel instant: the target is p95 under
50 ms for a full page on one core. The app runs in-process on a fresh SQLite file with the
demo data (Werkzeug's test client: no network, no server, so the figure is the endpoint's own
work — form parsing, one ReportLab rendering of the application without its purpose, and the
wrapping of the purpose). Wall time and the process's CPU time are both reported: on a
shared machine the first includes waiting for a core. Three forms are timed:

- ``full``: a page filled to within a few lines (long purpose, 12 budget lines);
- ``over``: a page and a half (the cut to make is found by bisecting line wraps);
- ``half``: a half-filled form (no dates, no department: blanks measured at their widest).

    .venv/bin/python bench/space_meter.py [--requests 300]

Then whole submissions through the web (``POST /ansoeg`` with the full page that fits: the
form's validation, R3's check, the case stored with its audit entry and receipt mail):
submissions per second in this one process, one after another.

Then, the same way, R3's one-page check as a submission runs it
(``submission.one_page_problem``: the application rendered for real, layout only) on the
full page that fits and on the page and a half that does not (that one also measures the cut
for its message). Target: p95 under 20 ms for the page that fits.

CSRF is off and the meter's and the resident's rate limits raised for the run; both are tested
in tests/web/ (test_resident_one_round.py, test_limits.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from pulje import create_app  # noqa: E402
from pulje.db import sessions  # noqa: E402
from pulje.demo import load_demo  # noqa: E402
from pulje.engine import transaction  # noqa: E402

SENTENCE = "Vi vil samle beboerne i gården til kaffe, kage og lege for børnene, så naboer mødes. "


def form(purpose: str, lines: int = 12) -> dict:
    start = date.today() + timedelta(days=30)
    data = {
        "applicant_name": "Karen Jensen", "department": "1",
        "applicant_address": "Søvangen 3, 8300 Odder", "applicant_email": "karen@beboer.example",
        "applicant_phone": "12 34 56 78", "title": "Gårdfest for alle opgange",
        "purpose": purpose, "expected_participants": "60", "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=1)).isoformat(), "across_departments": "y",
    }
    for n in range(lines):
        data[f"budget-{n}-description"] = f"Udgift nummer {n + 1} til leje af telt og borde"
        data[f"budget-{n}-amount"] = "1.000"
    return data


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "DATABASE_URL": f"sqlite:///{Path(folder) / 'meter.sqlite'}",
                          "ORGANISATION_CVR": "30000005", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_METER": "1000000 per minute",
                          "RATELIMIT_RESIDENT": "1000000 per minute"})
        with app.app_context():
            from pulje.migrate import upgrade
            upgrade(app.extensions["pulje.engine"])
            with transaction(sessions()) as session:
                load_demo(session)
        client = app.test_client()
        # Fill the page to within a few lines: the longest purpose the meter says fits.
        purpose = SENTENCE * 60
        first = client.post("/ansoeg/plads", data=form(purpose)).get_json()
        full = purpose[:len(purpose) - (first["cut"] or 0) - 150]
        cases = {"full": form(full), "over": form(SENTENCE * 60), "half": {"purpose": "Kort."}}
        print(f"# {platform.platform()}; Python {platform.python_version()}; "
              f"{os.cpu_count()} CPU; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for name, data in cases.items():
            answer = client.post("/ansoeg/plads", data=data).get_json()
            timings, cpu = [], []
            for _ in range(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.post("/ansoeg/plads", data=data)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200
            print(f"{name:5} {answer['text']!r}")
            report(timings, cpu)
        submissions(client, form(full), min(args.requests, 200))
        with app.app_context():
            one_page_check(full, args.requests)


def submissions(client, data: dict, count: int) -> None:
    """``count`` applications sent through the form one after another, each a new case."""
    timings, cpu = [], []
    for n in range(count):
        sent = {**data, "send": "1", "applicant_name": f"Karen Jensen {n}"}
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post("/ansoeg", data=sent)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 302 and "/kvittering" in response.location, (
            response.status_code, response.get_data(as_text=True)[:500])
    print(f"submissions (POST /ansoeg, full page): {count} in {sum(timings) / 1000:.1f} s, "
          f"{count / (sum(timings) / 1000):.1f} per second in one process")
    report(timings, cpu)


def report(timings: list[float], cpu: list[float]) -> None:
    for label, values in (("wall", timings), ("cpu ", cpu)):
        print(f"  {label} n={len(values)} p50={statistics.median(values):.1f} ms "
              f"p95={percentile(values, .95):.1f} ms "
              f"p99={percentile(values, .99):.1f} ms max={max(values):.1f} ms")


def one_page_check(full: str, requests: int) -> None:
    """R3's check as submit_application runs it, on a page that fits and one that does not."""
    from sqlmodel import select

    from pulje.models import Department, Organisation, Pool
    from pulje.services.submission import ApplicationInput, BudgetLineInput, one_page_problem

    with transaction(sessions()) as session:
        organisation = session.exec(select(Organisation)).first()
        pool = session.exec(select(Pool).where(Pool.organisation_id == organisation.id)
                            .order_by(Pool.year.desc())).first()
        department = session.exec(select(Department).where(
            Department.organisation_id == organisation.id)).first()
        for name, purpose in (("R3 check, page that fits", full),
                              ("R3 check, 1,6 pages (refused, cut measured)", SENTENCE * 60)):
            fields = form(purpose)
            data = ApplicationInput(
                department_number=department.number, applicant_name=fields["applicant_name"],
                applicant_address=fields["applicant_address"],
                applicant_email=fields["applicant_email"],
                applicant_phone=fields["applicant_phone"], title=fields["title"],
                purpose=purpose, expected_participants=60,
                period_start=date.fromisoformat(fields["period_start"]),
                period_end=date.fromisoformat(fields["period_end"]), across_departments=True,
                budget=[BudgetLineInput(description=fields[f"budget-{n}-description"],
                                        amount=1_000_00) for n in range(12)])
            problem = one_page_problem(session, data, organisation, pool, department)
            timings, cpu = [], []
            for _ in range(requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                one_page_problem(session, data, organisation, pool, department)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            print(f"{name}: {problem.message if problem else 'fits'}")
            report(timings, cpu)


if __name__ == "__main__":
    main()
