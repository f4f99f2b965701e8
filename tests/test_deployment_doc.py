"""docs/DEPLOYMENT.md names every environment variable the code reads, and only those.

What the code reads: every ``PULJE_…`` name written in the product's code, every other variable
it looks up in ``os.environ``, and every setting it reads from the app's config (the app
factory's defaults and ``config[…]``/``config.get(…)`` reads), which Flask's
``from_prefixed_env`` fills from ``PULJE_<setting>``. A few settings are not meant to be
changed per installation; they are listed below with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "docs" / "DEPLOYMENT.md"
PRODUCT = [*(REPO / package for package in ("pulje", "workflows", "forms", "reports")),
           REPO / "gunicorn.conf.py", REPO / "Makefile"]

NOT_PER_INSTALLATION = {
    "BABEL_DEFAULT_LOCALE": "Danish is the site's language; other languages are chosen per visitor",
    "BABEL_DEFAULT_TIMEZONE": "times are shown in Copenhagen time, as DESIGN.md says",
    "MAX_CONTENT_LENGTH": "the error page and the forms name the 10 MB limit",
    "PERMANENT_SESSION_LIFETIME": "a login lasts a working day at most (SECURITY.md)",
    "SESSION_COOKIE_SAMESITE": "always Lax",
    "SESSION_COOKIE_SECURE": "decided from PULJE_INSECURE_COOKIES",
    "REMEMBER_COOKIE_SECURE": "decided from PULJE_INSECURE_COOKIES",
    "RATELIMIT_STORAGE_URI": "set from PULJE_RATELIMIT_STORAGE",
}
# Variables of the operating system or of gunicorn that the code reads as they are.
SYSTEM = {"USER", "WEB_CONCURRENCY"}

# os.environ and os.getenv (a request's WSGI environ is not the process's environment).
ENVIRON_READ = re.compile(
    r"""\bos\.(?:environ(?:\.get)?\s*[(\[]|getenv\()\s*["']([A-Z][A-Z0-9_]*)["']""")
CONFIG_READ = re.compile(
    r"""(?:config(?:\.get)?\s*[(\[]|_setting\()\s*["']([A-Z][A-Z0-9_]*)["']""")


def sources() -> list[Path]:
    files = []
    for path in PRODUCT:
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [file for file in files if "migrations" not in file.parts]


def factory_defaults() -> set[str]:
    """The settings the app factory gives defaults for (create_app's from_mapping)."""
    tree = ast.parse((REPO / "pulje" / "__init__.py").read_text())
    return {keyword.arg for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "from_mapping"
            and node.keywords for keyword in node.keywords if keyword.arg}


def read_by_code() -> tuple[set[str], set[str]]:
    """(environment variables read by name, config settings read) in the product's code."""
    variables, settings = set(), factory_defaults()
    for file in sources():
        text = file.read_text()
        variables |= set(re.findall(r"\bPULJE_[A-Z0-9_]*[A-Z0-9]", text))
        variables |= set(ENVIRON_READ.findall(text))
        settings |= set(CONFIG_READ.findall(text))
    return variables, settings


def documented() -> set[str]:
    return set(re.findall(r"\bPULJE_[A-Z0-9_]*[A-Z0-9]", DOCUMENT.read_text()))


def test_every_variable_the_code_reads_is_documented():
    variables, settings = read_by_code()
    wanted = ({name for name in variables if name.startswith("PULJE_")}
              | {f"PULJE_{setting}" for setting in settings - set(NOT_PER_INSTALLATION)})
    missing = sorted(wanted - documented())
    assert not missing, f"docs/DEPLOYMENT.md does not name {missing}"
    text = DOCUMENT.read_text()
    assert all(name in text for name in variables & SYSTEM)
    unexplained = sorted(name for name in variables - SYSTEM if not name.startswith("PULJE_"))
    assert not unexplained, f"the code reads {unexplained}: document them or add them to SYSTEM"


def test_the_document_names_only_variables_the_code_reads():
    variables, settings = read_by_code()
    known = variables | {f"PULJE_{setting}" for setting in settings}
    stale = sorted(documented() - known)
    assert not stale, f"docs/DEPLOYMENT.md names {stale}, which nothing reads"


def test_the_check_sees_the_settings_of_each_kind():
    # The patterns find what they are for (a grep that matched nothing would pass the above).
    variables, settings = read_by_code()
    assert {"PULJE_DATABASE_URL", "PULJE_FONT_DIR", "PULJE_ACTOR"} <= variables
    assert {"MAIL_SMTP_HOST", "TRUSTED_PROXIES", "RATELIMIT_LOGIN", "UPLOAD_FOLDER"} <= settings
    assert set(NOT_PER_INSTALLATION) <= settings
