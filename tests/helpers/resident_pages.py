"""The resident's web pages in tests: a complete application form, a page's text, a fresh read."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from pulje.db import sessions


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def valid_form(**overrides) -> dict:
    """A complete application as the browser posts it."""
    start = date.today() + timedelta(days=30)
    data = {
        "applicant_name": "Karen Jensen", "department": "1",
        "applicant_address": "Søvangen 3, 8300 Odder", "applicant_email": "karen@beboer.example",
        "applicant_phone": "12 34 56 78", "title": "Gårdfest for alle opgange",
        "purpose": "En fest i gården, hvor nye og gamle beboere mødes.",
        "expected_participants": "60", "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=1)).isoformat(), "across_departments": "y",
        "budget-0-description": "Telt og borde", "budget-0-amount": "4.000",
        "budget-1-description": "Musik", "budget-1-amount": "2.500,50", "send": "1",
    }
    data.update(overrides)
    return data


def token_of(response) -> str:
    match = re.fullmatch(r".*/sag/([A-Za-z0-9_-]+)/kvittering", response.location)
    assert match, response.location
    return match.group(1)


def read(app, fn):
    """``fn(session)`` on a session that is closed after (a SQLite read holds a lock)."""
    with app.app_context():
        session = sessions()()
        try:
            return fn(session)
        finally:
            session.close()
