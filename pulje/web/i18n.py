"""Language and dates: Danish by default, another offered language by choice (kept in a cookie)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_babel, get_locale

# Danish is the site's language; another is offered once its catalogue is compiled.
LANGUAGES = {"da": "Dansk", "en": "English"}
LANG_COOKIE = "pulje_lang"
# Danish long dates ("5. marts 2026", "kl. 14.30"); other languages use Babel's own patterns.
PATTERNS = {"da": {"date": "d. MMMM y", "datetime": "d. MMMM y 'kl.' HH.mm"},
            "en": {"date": "d MMMM y", "datetime": "d MMMM y, HH:mm"}}


def available_languages(app: Flask) -> dict[str, str]:
    """Danish, and each language of LANGUAGES with a compiled catalogue (messages.mo)."""
    config = get_babel(app)
    return {code: name for code, name in LANGUAGES.items() if code == "da" or any(
        (Path(folder) / code / "LC_MESSAGES" / f"{config.default_domain}.mo").is_file()
        for folder in config.translation_directories)}


def select_locale() -> str:
    """Danish unless the visitor chose another offered language (?lang=, kept in a cookie)."""
    chosen = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    # A language without a catalogue would give Danish text under lang="en": never offer it.
    return chosen if chosen in current_app.extensions["pulje.languages"] else "da"


def remember_language(response):
    """Keep an explicit ?lang= choice for the next pages."""
    chosen = request.args.get("lang")
    if chosen in current_app.extensions["pulje.languages"]:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def _pattern(kind: str) -> str:
    return PATTERNS.get(str(get_locale()), PATTERNS["da"])[kind]


def date_filter(value: date | datetime | None, pattern: str | None = None) -> str:
    """A date in words, in the chosen language ("5. marts 2026")."""
    return format_date(value, pattern or _pattern("date")) if value else ""


def datetime_filter(value: datetime | None, pattern: str | None = None) -> str:
    """An aware instant in Copenhagen time ("5. marts 2026 kl. 14.30")."""
    return format_datetime(value, pattern or _pattern("datetime")) if value else ""
