"""A resident's pages in English in tests: the Danish give-away words, a page fetched in English
and catalogues loaded afresh."""

from __future__ import annotations

import re
from html import unescape

import pytest

from pulje.web.extensions import babel

# Words that give a Danish sentence away and are not English words.
DANISH = {"og", "ikke", "det", "der", "til", "af", "er", "på", "som", "med", "har", "kan",
          "skal", "vi", "du", "hvis", "når", "eller", "fra", "sagen", "ansøgningen", "dig",
          "jeres", "din", "dit", "være", "mindst", "højst", "før", "efter", "ud"}


@pytest.fixture
def fresh_catalogues(app):
    """Other tests' apps may have loaded their own catalogues into the shared Babel object."""
    with app.app_context():
        babel.domain_instance.cache.clear()
    yield
    with app.app_context():
        babel.domain_instance.cache.clear()


def danish_words(html: str) -> set[str]:
    """The Danish function words in what a reader sees (tags, scripts and styles left out)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    return {word for word in re.findall(r"[a-zæøå]+", text.lower()) if word in DANISH}


def english(client, url: str, **kwargs) -> str:
    """The page (a POST when ``data`` is given), asserted to be in English."""
    response = client.post(url, **kwargs) if "data" in kwargs else client.get(url)
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html, url
    return html
