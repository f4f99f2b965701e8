"""gunicorn's settings for pulje; gunicorn reads this file from the working directory.

`make serve` (and the systemd unit in docs/DEPLOYMENT.md) run gunicorn from the repository, so
these apply to production. The number of workers comes from WEB_CONCURRENCY (else two per
core), the address from --bind. Beside the web workers gunicorn starts one mail worker
(`pulje mail worker`), stopped with it; it sends nothing until SMTP is configured. The access
log goes to standard output in the usual combined format, through a logger that removes the
residents' private-link tokens (pulje.access_log).
"""

import os
import subprocess
import sys
from pathlib import Path

from pulje.access_log import ACCESS_LOG_FORMAT

wsgi_app = "pulje:create_app()"
# Sync workers, a few per core (each serves one request at a time).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
# Every worker opens its own database connections (no preload: see docs/DEPLOYMENT.md).
preload_app = False
# The yearly report of a large pool takes seconds to build.
timeout = 60
accesslog = "-"
logger_class = "pulje.access_log.RedactingGunicornLogger"
access_log_format = ACCESS_LOG_FORMAT
# Which proxies to believe is pulje's setting (PULJE_TRUSTED_PROXIES, Werkzeug's ProxyFix), in
# one place: gunicorn's own reading of X-Forwarded-Proto from 127.0.0.1 is switched off.
secure_scheme_headers = {}
forwarded_allow_ips = ""
# gunicorn's control socket (one per user's home) would clash between two instances.
control_socket_disable = True

_mail_worker: subprocess.Popen | None = None


def when_ready(server) -> None:
    """Start the mail worker once the web workers' socket is open."""
    global _mail_worker
    pulje = Path(sys.executable).with_name("pulje")
    _mail_worker = subprocess.Popen([str(pulje), "mail", "worker", "--if-configured"])
    server.log.info("mail worker started (pid %s)", _mail_worker.pid)


def on_exit(server) -> None:
    """Stop the mail worker: it finishes the mail it is sending, then exits."""
    if _mail_worker is not None and _mail_worker.poll() is None:
        _mail_worker.terminate()
        try:
            _mail_worker.wait(timeout=40)
        except subprocess.TimeoutExpired:
            _mail_worker.kill()
