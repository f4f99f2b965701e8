"""Language and dates: Danish by default, another offered language by choice (kept in a cookie)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import Flask, current_app, g, request
from flask_babel import (
    format_date,
    format_datetime,
    get_babel,
    get_locale,
    get_translations,
)

# Danish is the site's language; another is offered once its catalogue is compiled.
LANGUAGES = {"da": "Dansk", "en": "English"}
LANG_COOKIE = "pulje_lang"
# The two styles the templates use: long dates in words ("5. marts 2026", "kl. 14.30") and
# short ones in tables and case lists ("05.03.2026 kl. 14:30").
PATTERNS = {"da": {"date": "d. MMMM y", "datetime": "d. MMMM y 'kl.' HH.mm",
                   "short date": "dd.MM.y", "short datetime": "dd.MM.y 'kl.' HH:mm"},
            "en": {"date": "d MMMM y", "datetime": "d MMMM y, HH:mm",
                   "short date": "dd.MM.y", "short datetime": "dd.MM.y, HH:mm"}}


def available_languages(app: Flask) -> dict[str, str]:
    """Danish, and each language of LANGUAGES with a compiled catalogue (messages.mo)."""
    config = get_babel(app)
    return {code: name for code, name in LANGUAGES.items() if code == "da" or any(
        (Path(folder) / code / "LC_MESSAGES" / f"{config.default_domain}.mo").is_file()
        for folder in config.translation_directories)}


def request_translations():
    """Flask-Babel's translations for this request's language, looked up once per request.

    Flask-Babel finds them anew for every string (three lookups of its context on ``g`` and
    the locale's name each time: most of a template's translating). It fixes the language
    for as long as ``g`` lives, so keeping its answer on ``g`` gives the same translations.
    """
    try:
        return g.pulje_translations
    except AttributeError:
        g.pulje_translations = translations = get_translations()
        return translations
    except RuntimeError:  # outside an application context: Flask-Babel's own answer
        return get_translations()


def install_translations(app: Flask) -> None:
    """The templates' ``_``/``gettext`` family through request_translations (replacing the
    callables Flask-Babel installed; same newstyle gettext, same catalogue)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # jinja2.ext.i18n
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True)


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


def _pattern(kind: str, style: str | None) -> str:
    """The pattern of ``style`` (None: long, "short", or a Babel pattern such as "MMMM y")."""
    patterns = PATTERNS.get(str(get_locale()), PATTERNS["da"])
    if style is None:
        return patterns[kind]
    return patterns.get(f"{style} {kind}", style)


def date_filter(value: date | datetime | None, style: str | None = None) -> str:
    """A date in the chosen language: "5. marts 2026", or "05.03.2026" with style "short".
    An instant's date is its day in Copenhagen."""
    return format_date(value, _pattern("date", style)) if value else ""


def datetime_filter(value: datetime | None, style: str | None = None) -> str:
    """An aware instant in Copenhagen time: "5. marts 2026 kl. 14.30", or
    "05.03.2026 kl. 14:30" with style "short"."""
    return format_datetime(value, _pattern("datetime", style)) if value else ""
