"""The application form in tests: a post that must be refused, its error summary's links."""

from __future__ import annotations

import re
from html import unescape

from sqlmodel import func, select

from pulje.models import Application
from tests.helpers.resident_pages import read, valid_form

LONG_PURPOSE = "Vi vil samle beboerne fra hele området til en stor fælles dag. " * 80


def count(app) -> int:
    return read(app, lambda session: session.exec(select(func.count(Application.id))).one())


def refused(app, client, **overrides) -> str:
    """Post the form with these changes; assert it was refused with nothing stored."""
    before = count(app)
    response = client.post("/ansoeg", data=valid_form(**overrides))
    assert response.status_code == 422
    assert count(app) == before
    return unescape(response.get_data(as_text=True))


def summary_links(page: str) -> list[str]:
    """The fields the error summary links to, in its order."""
    box = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">', box)
