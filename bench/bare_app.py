"""The baseline for bench/page_throughput.py: a bare Flask app doing the pages' database work.

For each page it runs the very SQL statements, with the same parameters, that pulje's services
emitted for that page (recorded by page_throughput.py into the pickle named by BARE_SQL) with
plain psycopg on one connection per worker, and renders every row they return into a table
with a plain Jinja template — no ORM, no forms, no login, no Babel. What pulje's page costs
beyond this is the framework's and our code's share.

Served by gunicorn from the bench folder:

    BARE_SQL=/tmp/pages.pickle BARE_DSN=postgresql://postgres@127.0.0.1:5432/pulje_bench \\
        .venv/bin/gunicorn --workers 2 --chdir bench "bare_app:app"
"""

from __future__ import annotations

import os
import pickle

import psycopg
from flask import Flask, abort, render_template_string

TEMPLATE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{{ name }}</title></head>
<body><h1>{{ name }}</h1>
{% for rows in results %}
<table>
  {% for row in rows %}<tr>{% for value in row %}<td>{{ value }}</td>{% endfor %}</tr>{% endfor %}
</table>
{% endfor %}
</body></html>
"""

app = Flask(__name__)
with open(os.environ["BARE_SQL"], "rb") as file:
    PAGES: dict[str, list[tuple[str, object]]] = pickle.load(file)
_connection: psycopg.Connection | None = None


def connection() -> psycopg.Connection:
    """This worker's connection, opened on first use (after gunicorn forked the worker)."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["BARE_DSN"])
    return _connection


@app.get("/<name>")
def page(name: str):
    """Run the page's recorded statements and render all their rows."""
    statements = PAGES.get(name)
    if statements is None:
        abort(404)
    results = []
    db = connection()
    try:  # one transaction per page, as the app's request session has
        with db.cursor() as cursor:
            for sql, parameters in statements:
                cursor.execute(sql, parameters or None)
                results.append(cursor.fetchall() if cursor.description else [])
    finally:
        db.rollback()
    return render_template_string(TEMPLATE, name=name, results=results)
