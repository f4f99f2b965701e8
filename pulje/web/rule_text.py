"""A rule's refusal in the reader's language: the workflow keeps its Danish template and
values apart (workflows.rules.Violation.of); here the template is looked up in the catalogue
and filled with the same values, marked texts among them translated too."""

from __future__ import annotations

from flask_babel import gettext

from workflows.messages import Marked


def _value(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(f"»{gettext(text)}«" for text in value)
    if isinstance(value, Marked):
        return gettext(value)
    return value


def in_language(message: str, template: str = "", params: tuple = ()) -> str:
    """The message in the request's language; untranslatable messages as they are."""
    if not template:
        return message
    return gettext(template, **{name: _value(value) for name, value in params})
