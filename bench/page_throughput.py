"""Benchmark: pages under load — pulje under gunicorn against a bare Flask app doing the same SQL.

Three pages on the national demo in PostgreSQL (``pulje demo --scale national``): the
caseworker's queue (first page of 50, this year's cases, logged in), a resident's status page
(a real private link) and the board's dashboard. Each is served by gunicorn (2 sync workers)
and loaded by wrk over loopback for a fixed time; the same run serves bench/bare_app.py — plain
Flask + psycopg + Jinja running the very statements pulje emitted for that page — the same way.
The ratio of the two throughputs is the figure that matters.

    .venv/bin/python bench/page_throughput.py \\
        [--url postgresql://postgres@127.0.0.1:5432/pulje_bench] [--duration 15] [--connections 8]

The status page is one address loading one private link thousands of times a second, which
the private-link rate limit (RATELIMIT_PRIVATE_LINK, 60 per minute) exists to stop: the bench
serves pulje with that limit raised to --private-link-limit (default 10000000 per minute, in
effect off) so it measures the page rather than the 429 answer. Every other setting is the
production default.

Needs wrk (Debian: ``apt-get install wrk``). Creates two staff users in the largest
organisation on first run (bench-caseworker@bench.invalid, bench-board@bench.invalid).
"""

from __future__ import annotations

import argparse
import http.client
import os
import pickle
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from sqlalchemy import event, func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from pulje.engine import make_engine  # noqa: E402
from pulje.models import Application, Invoice, Organisation, Pool, User  # noqa: E402
from pulje.services.users import create_user  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pulje_bench"
PASSWORD = "bench-password-not-secret"
USERS = {"caseworker": "bench-caseworker@bench.invalid", "board": "bench-board@bench.invalid"}
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (f"{platform.platform()}; Python {platform.python_version()}; "
            f"{os.cpu_count()} CPU ({cpu})")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Setup:
    organisation_id: int
    organisation: str
    cvr: str
    cases: int
    year: int
    token: str


def prepare(url: str, users: bool = True) -> Setup:
    """The largest organisation, its bench users (made once; not with ``users=False``, which
    only reads) and a real case's private link."""
    engine = make_engine(url)
    with Session(engine) as session:
        org_id, cases = session.exec(
            select(Pool.organisation_id, func.count(Application.id))
            .join(Application, Application.pool_id == Pool.id)
            .group_by(Pool.organisation_id).order_by(func.count(Application.id).desc())
        ).first()
        organisation = session.get(Organisation, org_id)
        for role, email in USERS.items() if users else ():
            if session.exec(select(User.id).where(User.email == email)).first() is None:
                create_user(session, organisation_id=org_id, email=email,
                            name=f"Bench {role}", role=role, password=PASSWORD)
            else:
                user = session.exec(select(User).where(User.email == email)).one()
                user.organisation_id, user.role, user.active = org_id, role, True
        year = session.exec(select(func.max(Pool.year))
                            .where(Pool.organisation_id == org_id)).one()
        year = min(year, date.today().year)
        # An approved case of this year with an invoice: the status page shows it all.
        token = session.exec(
            select(Application.public_token).join(Pool, Pool.id == Application.pool_id)
            .where(Pool.organisation_id == org_id, Pool.year == year,
                   Application.state == "approved", Application.token_revoked.is_(False),
                   Application.id.in_(select(Invoice.application_id)))
            .order_by(Application.id)).first()
        setup = Setup(org_id, organisation.name, organisation.cvr, cases, year, token)
        session.commit()
    engine.dispose()
    return setup


def pages(setup: Setup) -> dict[str, tuple[str, str | None, str]]:
    """name → (path in pulje, role logged in or None, text the page must contain)."""
    return {
        "queue": (f"/sagsbehandling/?year={setup.year}&sort=newest", "caseworker", "cw-queue"),
        "status": (f"/sag/{setup.token}", None, "<h1"),
        "dashboard": ("/bestyrelse/", "board", "pool-chart"),
    }


def record_sql(env: dict[str, str], setup: Setup, path: Path,
               names: tuple[str, ...] | None = None) -> dict[str, int]:
    """Serve each page (of ``names``, else all) once in-process and keep the SQL pulje ran for
    it (for the bare app)."""
    os.environ.update(env)
    from pulje import create_app

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    recorded: list[tuple[str, object]] | None = None

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if recorded is not None:
            recorded.append((statement, parameters))

    event.listen(app.extensions["pulje.engine"], "before_cursor_execute", keep)
    statements = {}
    for name, (page_path, role, marker) in pages(setup).items():
        if names is not None and name not in names:
            continue
        client = app.test_client()
        if role:
            response = client.post("/login", data={"email": USERS[role], "password": PASSWORD})
            assert response.status_code == 302, f"login as {role} failed"
        client.get(page_path)  # warm-up: imports, template compilation
        recorded = []
        response = client.get(page_path)
        assert response.status_code == 200 and marker in response.get_data(as_text=True), name
        statements[name], recorded = recorded, None
    path.write_bytes(pickle.dumps(statements))
    app.extensions["pulje.engine"].dispose()
    return {name: len(s) for name, s in statements.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


def gunicorn(app: str, port: int, workers: int, env: dict[str, str],
             chdir: Path | None = None, config: Path | None = None) -> subprocess.Popen:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    if config is not None:
        # Not the repository's gunicorn.conf.py (read from the working directory): its access
        # log and mail worker are production's, and would be measured on both sides.
        command += ["--config", str(config)]
    if chdir:
        command += ["--chdir", str(chdir)]
    process = subprocess.Popen(command + [app], env={**os.environ, **env}, cwd=ROOT)
    wait_for(port)
    return process


def request(port: int, method: str, path: str, cookie: str | None = None,
            body: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def _cookie(response: http.client.HTTPResponse) -> str:
    return "; ".join(header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie")
                     or ())


def login(port: int, role: str) -> str:
    """Log in through the form like a browser; the session cookie to send with every request."""
    page = request(port, "GET", "/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.body)
    if token is None:
        token = re.search(rb'id="csrf_token" name="csrf_token" [^>]*value="([^"]+)"', page.body)
    body = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "email": USERS[role],
                                   "password": PASSWORD})
    response = request(port, "POST", "/login", _cookie(page), body)
    if response.status != 302:
        raise RuntimeError(f"login as {role} answered {response.status}")
    return _cookie(response)


@dataclass
class Load:
    rate: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int


def wrk(port: int, path: str, cookie: str | None, seconds: int, connections: int,
        script: Path) -> Load:
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d",
               f"{seconds}s", "--latency",
               "--timeout", "20s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], check=True,
                            capture_output=True, text=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    requests, micros, p50, p95, p99, status_errors, socket_errors = map(int, line.split()[1:])
    return Load(requests / (micros / 1e6), p50 / 1000, p95 / 1000, p99 / 1000, requests,
                status_errors + socket_errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL with the national demo")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pages", default="queue,status,dashboard")
    parser.add_argument("--private-link-limit", default="10000000 per minute",
                        help="RATELIMIT_PRIVATE_LINK while benching: raised so the status page "
                             "is measured, not its rate limit (production: 60 per minute)")
    parser.add_argument("--keep-sql", type=Path, help="also save the recorded SQL here")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before each")
    parser.add_argument("--no-limits", action="store_true",
                        help="serve pulje without its rate limits (PULJE_RATELIMIT_ENABLED=false):"
                             " the private link's 60 a minute per address stops a load test")
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="serve pulje from this checkout (e.g. an older commit's export)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")

    print(f"Machine: {machine()}")
    print(f"Load average at start: {load_average()}")
    setup = prepare(args.url)
    cases = f"{setup.cases:,}".replace(",", ".")
    print(f"Organisation: {setup.organisation} ({cases} cases); queue year {setup.year}; "
          f"pulje served from {args.app_dir}")
    env = {"PULJE_DATABASE_URL": args.url, "PULJE_SECRET_KEY": secrets.token_hex(32),
           "PULJE_ORGANISATION_CVR": setup.cvr,
           # One address asking for one private link: the limit would answer 429 at once.
           "PULJE_RATELIMIT_PRIVATE_LINK": args.private_link_limit}
    if args.no_limits:
        env["PULJE_RATELIMIT_ENABLED"] = "false"
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-"))
    sql_file = work / "pages.pickle"
    counts = record_sql(env, setup, sql_file)
    if args.keep_sql:
        shutil.copy(sql_file, args.keep_sql)
    print("SQL statements per page: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    script = work / "report.lua"
    script.write_text(WRK_SCRIPT)

    app_port, bare_port = free_port(), free_port()
    config = work / "gunicorn.conf.py"
    config.write_text("# gunicorn's defaults\n")
    servers = [
        gunicorn("pulje:create_app()", app_port, args.workers, env, chdir=args.app_dir,
                 config=config),
        gunicorn("bare_app:app", bare_port, args.workers,
                 {"BARE_SQL": str(sql_file), "BARE_DSN": args.url}, chdir=ROOT / "bench",
                 config=config),
    ]
    results = {}
    try:
        cookies = {role: login(app_port, role) for role in ("caseworker", "board")}
        chosen = pages(setup)
        for name in args.pages.split(","):
            path, role, marker = chosen[name]
            cookie = cookies.get(role) if role else None
            check = request(app_port, "GET", path, cookie)
            if check.status != 200 or marker.encode() not in check.body:
                raise RuntimeError(f"{name}: {path} answered {check.status}")
            bare_check = request(bare_port, "GET", f"/{name}")
            assert bare_check.status == 200, bare_check.status
            wrk(bare_port, f"/{name}", None, args.warmup, args.connections, script)
            bare = wrk(bare_port, f"/{name}", None, args.duration, args.connections, script)
            # Long enough for every worker's first dashboard view (the year report it keeps).
            wrk(app_port, path, cookie, args.warmup, max(args.connections, args.workers),
                script)
            app = wrk(app_port, path, cookie, args.duration, args.connections, script)
            results[name] = (app, bare)
            print(f"  {name}: done (load average {load_average()})", flush=True)
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    print(f"\ngunicorn {args.workers} workers (sync), wrk 2 threads, {args.connections} "
          f"connections, {args.duration} s per page over loopback; "
          f"load average at end: {load_average()}\n")
    print("| page | pulje req/s | p50 ms | p95 ms | p99 ms | bare req/s | p50 ms | p95 ms "
          "| p99 ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (app, bare) in results.items():
        print(f"| {name} | {app.rate:.0f} | {app.p50:.1f} | {app.p95:.1f} | {app.p99:.1f} "
              f"| {bare.rate:.0f} | {bare.p50:.1f} | {bare.p95:.1f} | {bare.p99:.1f} "
              f"| {app.rate / bare.rate:.2f} |")
    errors = {name: (a.errors, b.errors) for name, (a, b) in results.items()
              if a.errors or b.errors}
    if errors:
        print(f"\nErrors (pulje, bare): {errors}")
    for name in ("queue", "status"):
        if name in results:
            app, bare = results[name]
            print(f"{name.capitalize()} target ≥ 0.7 × bare (issue 19): "
                  f"{'met' if app.rate >= 0.7 * bare.rate else 'NOT met'} "
                  f"({app.rate / bare.rate:.2f})")
    if "dashboard" in results:
        p95 = results["dashboard"][0].p95
        print(f"Dashboard target p95 < 150 ms (issue 19): {'met' if p95 < 150 else 'NOT met'} "
              f"({p95:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
