"""A real SMTP server in the test process (aiosmtpd): what pulje sends arrives here to be read."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """The messages the server accepted; ``refuse`` makes it answer DATA with that reply."""

    port: int = 0
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: str | None = None
    refuse_rcpt: str | None = None
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        self.arrived.set()
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message for _, message in self.received]

    def wait_for(self, matches, timeout: float = 30) -> EmailMessage:
        """The first message for which ``matches(message)`` holds, once it has arrived (a mail
        sent by another process, the mail worker, takes its round to come)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [message for message in self.messages if matches(message)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no such mail within {timeout} s; arrived: "
                                     f"{[message['Subject'] for message in self.messages]}")
            self.arrived.wait(0.2)
            self.arrived.clear()


@contextmanager
def smtp_server(*, tls: str = "none", context: ssl.SSLContext | None = None,
                login: tuple[str, str] | None = None) -> Iterator[Inbox]:
    """An SMTP server on a free loopback port for the block: plain (``tls="none"``), with
    STARTTLS required, or TLS from the first byte (``"ssl"``), on the server ``context``;
    with ``login`` it refuses mail from a client that has not logged in with it."""
    controller_module = pytest.importorskip(
        "aiosmtpd.controller", reason="aiosmtpd is not installed (pip install -e '.[test]')")
    inbox = Inbox(port=free_port())
    options: dict = {}
    if tls == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif tls == "ssl":
        options.update(ssl_context=context)
    if login is not None:
        from aiosmtpd.smtp import AuthResult

        def authenticate(server, session, envelope, mechanism, data):
            given = (data.login.decode(), data.password.decode())
            # handled=False: aiosmtpd then answers a refusal with 535 itself (by default it
            # leaves the answer to the authenticator, and the client waited for its timeout).
            return AuthResult(success=given == login, handled=False)

        # A password only over TLS (aiosmtpd counts only STARTTLS as TLS: no login with "ssl").
        options.update(auth_required=True, authenticator=authenticate)
    controller = controller_module.Controller(inbox, hostname="127.0.0.1", port=inbox.port,
                                              **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()

