"""The production path for the tests: gunicorn with TLS, a TLS-terminating proxy, a database.

``gunicorn_server`` runs pulje as `make serve` does — gunicorn with the repository's
gunicorn.conf.py, 2 workers, the app without TESTING (CSRF on, Secure cookies) — on a
throw-away certificate made here (trustme), against PostgreSQL when it answers, else SQLite.
``tls_proxy`` stands for nginx in front of gunicorn on plain HTTP: it terminates TLS and
passes the request on with X-Forwarded-For and X-Forwarded-Proto.
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pulje.demo import load_demo
from pulje.engine import make_engine, session_factory, transaction
from pulje.migrate import upgrade
from tests.db.databases import postgres_schema, postgres_unavailable
from tests.smtp import free_port

REPO = Path(__file__).resolve().parents[1]
DEMO_CVR = "30000005"
START_TIMEOUT_S = 30
# Headers that belong to one connection, never passed on by a proxy (RFC 9110, 7.6.1).
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "content-length"}


@dataclass
class Certificate:
    """A throw-away CA and a server certificate it signed for 127.0.0.1 and localhost."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    def spki_hash(self) -> str:
        """The server key's SHA-256 pin, as Chromium's --ignore-certificate-errors-spki-list
        takes it: Chromium then trusts this one key, and nothing else it could not verify."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization

        certificate = x509.load_pem_x509_certificate(self.cert_file.read_bytes())
        key = certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        digest = hashes.Hash(hashes.SHA256())
        digest.update(key)
        return base64.b64encode(digest.finalize()).decode()

    def client_context(self) -> ssl.SSLContext:
        """A client's TLS context that trusts only this CA."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def make_certificate(folder: Path) -> Certificate:
    trustme = pytest.importorskip("trustme", reason="trustme is not installed (pip: trustme)")
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1", "localhost")
    paths = Certificate(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    ca.cert_pem.write_to_path(str(paths.ca_file))
    issued.private_key_pem.write_to_path(str(paths.key_file))
    with paths.cert_file.open("wb") as file:
        for blob in issued.cert_chain_pems:
            file.write(blob.bytes())
    return paths


@contextmanager
def demo_database(folder: Path, today: date) -> Iterator[str]:
    """A migrated database with the demo data: a fresh PostgreSQL schema if PostgreSQL answers
    (PULJE_TEST_POSTGRES_URL), else a SQLite file; yields its URL."""
    if postgres_unavailable() is None:
        with postgres_schema() as url:
            fill_demo(url, today)
            yield url
    else:
        url = f"sqlite:///{folder / 'pulje.sqlite'}"
        fill_demo(url, today)
        yield url


def fill_demo(url: str, today: date) -> None:
    """Bring the database at ``url`` to the newest schema and load the demo data."""
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(session_factory(engine)) as session:
            load_demo(session, today=today)
    finally:
        engine.dispose()


@dataclass
class Server:
    """A running gunicorn: its address, its log (access log included), its process."""

    url: str
    port: int
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn_server(folder: Path, database_url: str, *, certificate: Certificate | None,
                    environment: dict[str, str] | None = None, workers: int = 2,
                    port: int | None = None) -> Iterator[Server]:
    """pulje under gunicorn on ``port`` (else a free one) of the loopback address: HTTPS with
    ``certificate``, else plain HTTP."""
    port = port or free_port()
    scheme = "https" if certificate else "http"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PULJE_")}
    env.update({
        "PULJE_DATABASE_URL": database_url, "PULJE_SECRET_KEY": secrets.token_hex(32),
        "PULJE_ORGANISATION_CVR": DEMO_CVR, "PULJE_UPLOAD_FOLDER": str(folder / "uploads"),
        "PULJE_EXTERNAL_URL": f"{scheme}://127.0.0.1:{port}",
        # The access log with the worker's pid (%(p)s): tests can tell the workers apart.
        "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(r)s %(s)s'",
    })
    env.update(environment or {})
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}"]
    if certificate:
        command += ["--certfile", str(certificate.cert_file),
                    "--keyfile", str(certificate.key_file)]
    log = folder / f"gunicorn-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    server = Server(f"{scheme}://127.0.0.1:{port}", port, log, process)
    try:
        _wait_until_answering(server, certificate)
        yield server
    finally:
        # SIGINT: gunicorn's quick shutdown (SIGTERM would wait for idle workers gracefully).
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(server: Server, certificate: Certificate | None) -> None:
    context = certificate.client_context() if certificate else None
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ended at start:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/login", context=context, timeout=5):
                return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer ({exc}):\n{server.log_text()}") \
                    from exc
        # Polling a starting process: it answers within a second or two.
        time.sleep(0.1)


class _Forward(BaseHTTPRequestHandler):
    """One request passed to the upstream server as nginx's proxy_pass would."""

    upstream: tuple[str, int]

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in HOP_BY_HOP and not name.lower().startswith("x-forwarded")}
        headers["X-Forwarded-For"] = self.client_address[0]
        headers["X-Forwarded-Proto"] = "https"
        upstream = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_POST = do_HEAD = _forward

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def tls_proxy(upstream_port: int, certificate: Certificate, port: int = 0) -> Iterator[str]:
    """A TLS-terminating reverse proxy on ``port`` (else a free one) in front of
    127.0.0.1:``upstream_port``; yields its https:// address."""
    handler = type("Forward", (_Forward,), {"upstream": ("127.0.0.1", upstream_port)})
    proxy = ThreadingHTTPServer(("127.0.0.1", port), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert_file, certificate.key_file)
    proxy.socket = context.wrap_socket(proxy.socket, server_side=True)
    thread = threading.Thread(target=proxy.serve_forever, name="tls-proxy", daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{proxy.server_port}"
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=10)
