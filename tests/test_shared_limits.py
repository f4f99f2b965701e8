"""Rate limits shared by gunicorn's workers through Redis (PULJE_RATELIMIT_STORAGE).

Two workers, one login limit of 3 a minute. One worker is held on a connection whose request
is not finished, so the three wrong logins are all answered by the other worker; then the held
request is completed, and the first worker answers it: with Redis it is the fourth attempt
(429), with the default in-memory counters it is that worker's first (200). The access log
(with each worker's pid) shows that two workers answered.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import pytest

from tests.servers import Certificate, fill_demo, gunicorn_server, make_certificate

REDIS_URL = os.environ.get("PULJE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WRONG = {"email": "mette@domi.example", "password": "forkert-kodeord"}


def redis_unavailable() -> str | None:
    """Why Redis cannot be used for the test, or None when it answers."""
    try:
        import redis
    except ImportError:
        return "the redis client is not installed (pip install -e .)"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis at {REDIS_URL} does not answer ({exc}); .ci/run starts redis-server"
    return None


class Visitor:
    """A browser's share of HTTPS: cookies, the login form's CSRF token, a same-origin Referer."""

    def __init__(self, base: str, certificate: Certificate):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=certificate.client_context()),
            urllib.request.HTTPCookieProcessor(self.cookies))
        page = self.opener.open(f"{base}/login", timeout=30).read().decode()
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def login_form(self) -> bytes:
        return urllib.parse.urlencode({**WRONG, "csrf_token": self.token}).encode()

    def post_login(self) -> int:
        request = urllib.request.Request(f"{self.base}/login", data=self.login_form(),
                                         headers={"Referer": f"{self.base}/login"})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def held_login(port: int, certificate: Certificate) -> socket.socket:
    """A TLS connection a worker has accepted, with a login request begun and not finished."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=30)
    # The handshake completes only once a worker has accepted the connection.
    connection = certificate.client_context().wrap_socket(raw, server_hostname="127.0.0.1")
    connection.sendall(b"POST /login HTTP/1.1\r\n")
    return connection


def finish(connection: socket.socket, visitor: Visitor) -> int:
    """Send the rest of the held login request; the status of its answer."""
    body = visitor.login_form()
    connection.sendall((
        f"Host: {urllib.parse.urlsplit(visitor.base).netloc}\r\n"
        f"Cookie: {visitor.cookie_header()}\r\n"
        f"Referer: {visitor.base}/login\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
    # The whole answer (the server closes after it), so the worker is done before gunicorn
    # is stopped.
    with connection, connection.makefile("rb") as answer:
        status_line, _ = answer.read().split(b"\r\n", 1)
    return int(status_line.split()[1])


@pytest.mark.parametrize("storage, fourth", [("redis", 429), ("memory", 200)])
def test_two_workers_share_one_login_limit_through_redis(storage, fourth, tmp_path):
    if storage == "redis" and (reason := redis_unavailable()):
        pytest.skip(reason)
    certificate = make_certificate(tmp_path)
    database = f"sqlite:///{tmp_path / 'pulje.sqlite'}"
    fill_demo(database, date.today())
    environment = {"PULJE_RATELIMIT_LOGIN": "3 per minute",
                   # Counters of this test only, whoever else uses the same Redis.
                   "PULJE_RATELIMIT_KEY_PREFIX": f"pulje-test-{secrets.token_hex(4)}"}
    if storage == "redis":
        environment["PULJE_RATELIMIT_STORAGE"] = REDIS_URL
    with gunicorn_server(tmp_path, database, certificate=certificate, workers=2,
                         environment=environment) as server:
        visitor = Visitor(server.url, certificate)
        held = held_login(server.port, certificate)
        assert [visitor.post_login() for _ in range(3)] == [200, 200, 200]
        assert finish(held, visitor) == fourth
    # Read once gunicorn has stopped: a worker logs a request after answering it.
    served = re.findall(r"^<(\d+)> POST /login HTTP/1.1 (\d+)$", server.log_text(), re.M)
    assert len(served) == 4, server.log_text()
    assert served[-1][1] == str(fourth)
    first_three = {pid for pid, _ in served[:3]}
    assert len(first_three) == 1 and served[-1][0] not in first_three, served
