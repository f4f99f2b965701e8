"""CPU per request in one process: a pulje page beside the bare app replaying its SQL, interleaved.

The load test (bench/page_throughput.py) measures throughput under gunicorn, which on a shared
machine mostly measures the other processes. This serves the same pages with Flask's test
client in one process — pulje and bench/bare_app.py (plain Flask + psycopg + Jinja running the
very statements pulje emitted for the page) one request each in turn, alternating which goes
first — and reports the process's CPU seconds per request (``time.process_time``), which
waiting for a core does not inflate. PostgreSQL's own work is in neither figure.

    .venv/bin/python bench/page_cpu.py [--url ...] [--pages status,queue] [-n 200]

With ``--pages status`` it only reads the database (the other pages log in as the bench users
of page_throughput.py, made on first use).

Runs without rate limits (the private link's 60 a minute per address would answer 429) and
without CSRF (no form is posted but the login).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from page_throughput import (  # noqa: E402
    DEFAULT_URL,
    PASSWORD,
    USERS,
    load_average,
    pages,
    prepare,
    record_sql,
)


def timed(client, path: str, marker: bytes | None) -> tuple[float, float]:
    """CPU and wall seconds of one request (the body read to the end)."""
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.get(path)
    body = response.get_data()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert response.status_code == 200, (path, response.status_code)
    assert marker is None or marker in body, path
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--pages", default="status,queue")
    parser.add_argument("-n", type=int, default=200, help="requests of each side per page")
    args = parser.parse_args(argv)

    print(f"Load average at start: {load_average()}")
    # Only the status page needs no login: without the others nothing is written.
    setup = prepare(args.url, users=args.pages != "status")
    env = {"PULJE_DATABASE_URL": args.url, "PULJE_SECRET_KEY": secrets.token_hex(32),
           "PULJE_ORGANISATION_CVR": setup.cvr, "PULJE_RATELIMIT_ENABLED": "false"}
    work = Path(tempfile.mkdtemp(prefix="pulje-cpu-"))
    sql_file = work / "pages.pickle"
    counts = record_sql(env, setup, sql_file, tuple(args.pages.split(",")))
    os.environ.update({"BARE_SQL": str(sql_file), "BARE_DSN": args.url})
    bare_app = importlib.import_module("bare_app")
    sql_file.unlink()
    work.rmdir()

    from pulje import create_app

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    bare = bare_app.app.test_client()
    chosen = pages(setup)
    print("| page | statements | pulje CPU ms (median / mean) | bare CPU ms (median / mean) "
          "| CPU ratio bare ÷ pulje | pulje wall ms (median) | load average |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in args.pages.split(","):
        path, role, marker = chosen[name]
        client = app.test_client()
        if role:
            response = client.post("/login", data={"email": USERS[role], "password": PASSWORD})
            assert response.status_code == 302, f"login as {role} failed"
        for _ in range(5):  # warm-up: imports, templates, caches, connections
            timed(client, path, marker.encode())
            timed(bare, f"/{name}", None)
        ours, theirs = [], []
        gc.collect()
        for i in range(args.n):
            if i % 2:
                theirs.append(timed(bare, f"/{name}", None))
                ours.append(timed(client, path, None))
            else:
                ours.append(timed(client, path, None))
                theirs.append(timed(bare, f"/{name}", None))
        ours_cpu = [c * 1000 for c, _ in ours]
        theirs_cpu = [c * 1000 for c, _ in theirs]
        print(f"| {name} | {counts[name]} "
              f"| {statistics.median(ours_cpu):.2f} / {statistics.mean(ours_cpu):.2f} "
              f"| {statistics.median(theirs_cpu):.2f} / {statistics.mean(theirs_cpu):.2f} "
              f"| {statistics.mean(theirs_cpu) / statistics.mean(ours_cpu):.2f} "
              f"| {statistics.median(w for _, w in ours) * 1000:.1f} | {load_average()} |",
              flush=True)
    app.extensions["pulje.engine"].dispose()
    connection = bare_app.connection()
    connection.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
