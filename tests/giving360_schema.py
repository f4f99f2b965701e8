"""Validating 360Giving packages offline against the standard's schema in tests/data/."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).parent / "data"


def _schema(name: str) -> dict:
    return json.loads((DATA / "360giving" / name).read_text(encoding="utf-8"))


# 360Giving's dates are oneOf(format date-time, YYYY-MM-DD pattern): unless date-time is really
# checked, a plain date matches both branches and fails. jsonschema checks date-time only with an
# optional package, so the test asserts the format itself (RFC 3339, as the standard says).
FORMATS = FormatChecker()
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
)


@FORMATS.checks("date-time")
def is_date_time(value: object) -> bool:
    """RFC 3339 date-time, as the 360Giving schema means by format date-time."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def package_validator() -> Draft202012Validator:
    """The package schema, with the grant schema registered under the URL it is referred by."""
    package = _schema("360-giving-package-schema.json")
    grant = Resource(contents=_schema("360-giving-schema.json"), specification=DRAFT202012)
    referred = package["properties"]["grants"]["items"]["$ref"]
    # The package refers to 1.4.2 while the grant schema calls itself 1.4.3: register both,
    # so that nothing is ever looked up elsewhere (the registry has no way to fetch).
    registry = Registry().with_resources([(referred, grant), (grant.contents["$id"], grant)])
    return Draft202012Validator(package, registry=registry, format_checker=FORMATS)
