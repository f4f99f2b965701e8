"""Every route in url_map, walked with hostile path segments and query strings by every role:
never a 500, and a GET changes nothing in the database.

CSRF is off here (the app fixture) so that hostile posts reach the views themselves; the
CSRF check has its own tests. PULJE_FUZZ_EXAMPLES raises the number of examples.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.routes import USERS, demo_values

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
SEGMENTS = [
    "99999999999999999999", str(2**31), str(2**31 - 1), str(2**63), "9" * 5000, "-1", "0",
    "-0", "00000000001", "1e9", "0x10", "١٢٣", "１２３", "..", ".", "%2e%2e", "../../etc/passwd",
    "ø", "\u202egnp.exe", "\x00", "a" * 3000, "' OR 1=1 --", "<script>", "{{7*7}}", " ",
    "2026-0001", "9999-9999", "csv", "xlsx", "json", "pulje.css", "../pulje.css",
]
QUERY_KEYS = ["year", "department", "page", "state", "q", "sort", "lang", "next", "token",
              "id", "reference", "kind"]
# The known-bad values first and most often; random text and numbers for what we did not think of.
hostile = st.one_of(
    st.sampled_from(SEGMENTS),
    st.sampled_from(SEGMENTS),
    st.text(max_size=30),
    st.integers(-10**25, 10**25).map(str),
)
queries = st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10)),
                          hostile, max_size=4)
# The worst of each kind, sent to every route in one sweep (the walk below samples the rest).
SWEEP = ["99999999999999999999", str(2**31), "-1", "..", "9" * 5000]
WALK = settings(max_examples=int(os.environ.get("PULJE_FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
ROLES = [None, *USERS]


def fingerprint(path: str) -> str:
    """Every row of every table, hashed: equal fingerprints mean an unchanged database."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        # A virtual table (the FTS5 search index, contentless: it cannot be read whole) is
        # fingerprinted through its shadow tables, which hold what it stores.
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        for table in tables:
            # Sorted here: the search index's shadow tables have no rowid to order by.
            for row in sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"')):
                digest.update(row.encode())
    return digest.hexdigest()


def url_for_rule(rule: str, arguments: dict[str, str]) -> str:
    return ARGUMENT.sub(lambda m: quote(arguments[m.group(1)], safe=""), rule)


def walker(app, login, role):
    """A client of ``role``, the database file, real argument values and every (rule, method)."""
    client = app.test_client()
    if role:
        login(client, USERS[role])
    real = {name: str(value) for name, value in demo_values(app).items()}
    # Logging out would make the rest of the walk anonymous; that route has its own tests.
    rules = [(rule.rule, method) for rule in app.url_map.iter_rules()
             if rule.endpoint != "auth.logout"
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert len(rules) > 30
    return client, app.config["DATABASE_URL"].removeprefix("sqlite:///"), real, rules


def visit(client, database: str, role, method: str, url: str, form=None) -> None:
    """One request: never a 500, and a GET leaves the database as it was."""
    before = fingerprint(database) if method == "GET" else None
    response = client.open(url, method=method, data=form if method == "POST" else None)
    status = response.status_code
    response.close()
    assert status < 500, (role, method, url[:300], status)
    if before is not None:
        assert fingerprint(database) == before, (role, method, url[:300])


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_route_survives_the_worst_values(app, login, role):
    client, database, real, rules = walker(app, login, role)
    for rule, method in rules:
        names = ARGUMENT.findall(rule)
        for value in SWEEP if names else SWEEP[:1]:
            # Each argument hostile in turn, the others real, so the hostile one is reached.
            for hostile_name in names or [None]:
                arguments = {name: value if name == hostile_name else real.get(name, "1")
                             for name in names}
                query = urlencode(dict.fromkeys(QUERY_KEYS, value))
                visit(client, database, role, method, f"{url_for_rule(rule, arguments)}?{query}")


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_route_survives_hostile_paths_and_queries(app, login, role):
    client, database, real, rules = walker(app, login, role)

    @WALK
    @given(st.sampled_from(rules), st.data(), queries)
    def walk(rule_and_method, data, query):
        rule, method = rule_and_method
        arguments = {name: data.draw(st.one_of(hostile, st.just(real.get(name, "1"))), name)
                     for name in ARGUMENT.findall(rule)}
        url = url_for_rule(rule, arguments)
        if query:
            url += "?" + urlencode(query)
        visit(client, database, role, method, url, form=query)

    walk()


# Routes added after the walk was written, named so that a walk which stopped reading url_map
# (or skipped them) fails here rather than passing quietly.
LATER_ROUTES = {
    ("/sag/<token>/afrapportering", "POST"), ("/sag/<token>/afrapportering", "GET"),
    ("/sag/<token>/afrapportering/billede/<int:photo_id>", "GET"),
    ("/sagsbehandling/sag/<reference>/afrapportering", "POST"),
    ("/inspiration", "GET"), ("/inspiration.atom", "GET"),
    ("/inspiration/billede/<int:photo_id>", "GET"), ("/ansoeg/plads", "POST"),
    ("/tilgaengelighed", "GET"), ("/sagsbehandling/soeg", "GET"),
    ("/admin/organisation", "POST"), ("/admin/afdelinger/import", "POST"),
    ("/admin/puljer/<int:year>", "POST"), ("/bogfoering/kassekladde", "POST"),
}


def test_the_walk_covers_the_later_routes(app, login):
    _client, _database, real, rules = walker(app, login, "admin")
    assert LATER_ROUTES <= set(rules)
    # Each of their arguments gets a real value, so the hostile one in turn reaches the view.
    assert {"token", "photo_id", "reference", "year"} <= set(real)
