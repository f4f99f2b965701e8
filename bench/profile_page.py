"""Profile one page of pulje in-process: cProfile of N requests, the HTML kept for comparison.

The same pages as bench/page_throughput.py (the queue, a status page, the dashboard) on the
national demo in PostgreSQL, served by Flask's test client one request at a time after a
warm-up request. Writes ``<out>/<page>.prof`` (open with ``python -m pstats`` or snakeviz),
``<out>/<page>.txt`` (the top functions by own and by cumulative time), ``<out>/<page>.html``
(the last response, to compare before and after a change byte for byte) and prints the
median and best time per request with the statements it ran.

    .venv/bin/python bench/profile_page.py --page queue [--url ...] [-n 20] [--out DIR] [--cpu]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from page_throughput import DEFAULT_URL, PASSWORD, USERS, load_average, pages, prepare  # noqa: E402
from sqlalchemy import event  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--page", default="queue", choices=("queue", "status", "dashboard"))
    parser.add_argument("--path", help="another path than the page's default")
    parser.add_argument("-n", type=int, default=20, help="requests profiled")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "profiles")
    parser.add_argument("--cpu", action="store_true",
                        help="profile CPU time (time.process_time) instead of wall time: on a "
                             "loaded machine the wall clock charges waiting for a core and for "
                             "PostgreSQL to whatever was running")
    args = parser.parse_args(argv)

    setup = prepare(args.url, users=args.page != "status")  # the status page: reads only
    # Without rate limits: the private link's 60 a minute per address would answer 429.
    os.environ.update({"PULJE_DATABASE_URL": args.url, "PULJE_SECRET_KEY": secrets.token_hex(32),
                       "PULJE_ORGANISATION_CVR": setup.cvr, "PULJE_RATELIMIT_ENABLED": "false"})
    from pulje import create_app

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    path, role, marker = pages(setup)[args.page]
    path = args.path or path
    client = app.test_client()
    if role:
        response = client.post("/login", data={"email": USERS[role], "password": PASSWORD})
        assert response.status_code == 302, f"login as {role} failed"
    html = client.get(path).get_data()  # warm-up: imports, templates, caches
    assert marker.encode() in html, f"{path} did not answer with the page"
    statements = []
    event.listen(app.extensions["pulje.engine"], "before_cursor_execute",
                 lambda *a: statements.append(a[2]))
    times = []
    for _ in range(args.n):
        start = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        html = response.get_data()
        times.append(time.perf_counter() - start)
    count = len(statements)
    profile = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
    for _ in range(args.n):
        profile.enable()
        client.get(path).get_data()
        profile.disable()
    args.out.mkdir(parents=True, exist_ok=True)
    profile.dump_stats(args.out / f"{args.page}.prof")
    (args.out / f"{args.page}.html").write_bytes(html)
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    text.write(f"{args.n} requests of {path}; {'CPU' if args.cpu else 'wall'} time; "
               f"load average {load_average()}\n")
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    (args.out / f"{args.page}.txt").write_text(text.getvalue())
    print(f"{args.page}: {path}; {count // args.n} statements per request; "
          f"median {statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms "
          f"(not profiled); {len(html)} bytes; load average {load_average()}")
    app.extensions["pulje.engine"].dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
