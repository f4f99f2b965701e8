"""The public title and one-sentence description open data publishes for a grant.

The caseworker writes them at approval, or accepts the suggestion made here from what is not
personal: the department, the purposes ticked, the number of participants, the pool year. The
resident's own words (title, purpose, budget) are never suggested and never published. Before
anything is published, ``personal_data_warnings`` looks for what resembles a name, an e-mail
address, a phone number or a street address, including the applicant's own details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import object_session

from pulje.models import Application, Department, Pool
from pulje.services.errors import InputError
from pulje.services.rulesets import purpose_labels

TITLE_MAX = 200
DESCRIPTION_MAX = 500

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Eight digits, optionally grouped and with +45 / 0045 before them: a Danish phone number.
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)45[\s-]?)?(?:\d[\s-]?){7}\d(?!\d)")
_STREET = re.compile(
    r"\b[A-ZÆØÅ][a-zæøå]+(?:vej|gade|vænget|allé|alle|stræde|parken|plads|torv|bakken|have"
    r"|toften|høj|vang|vangen|engen|stien|gården|boulevard)\s+\d+[A-Za-z]?\b")
_POSTCODE = re.compile(r"(?<!\d)\d{4}\s+[A-ZÆØÅ][a-zæøå]+")
# Two or three capitalised words in a row inside a sentence: how a person's name looks.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØÅ][a-zæøå]+){1,2}\b")


@dataclass(frozen=True)
class PublicText:
    title: str
    description: str


def _purposes_of(application: Application) -> dict[str, str]:
    """The purposes of the rules the case is (or was) decided under, by slot."""
    session = object_session(application)
    if session is None:
        return {}
    return purpose_labels(session, session.get(Pool, application.pool_id),
                          application.rule_set_id)


def suggest_public_text(application: Application, department: Department) -> PublicText:
    """A title and one sentence from the case's non-personal facts, for the caseworker to edit."""
    purposes = [label for key, label in _purposes_of(application).items()
                if getattr(application, key)]
    what = " og ".join(purposes) if purposes else "for beboerne"
    title = f"Fællesskabsaktivitet i afdeling {department.number} {department.name}"
    description = (f"Tilskud fra fællesskabspuljen til en aktivitet, der {what}, for ca. "
                   f"{application.expected_participants} beboere i afdeling "
                   f"{department.number} {department.name}.")
    return PublicText(title[:TITLE_MAX], description[:DESCRIPTION_MAX])


def checked_public_text(title: str | None, description: str | None,
                        suggestion: PublicText) -> PublicText:
    """The caseworker's text (blank fields take the suggestion), within the lengths published."""
    title = " ".join((title or "").split()) or suggestion.title
    description = " ".join((description or "").split()) or suggestion.description
    if len(title) > TITLE_MAX:
        raise InputError(f"Den offentlige titel må højst være {TITLE_MAX} tegn.")
    if len(description) > DESCRIPTION_MAX:
        raise InputError(f"Den offentlige beskrivelse må højst være {DESCRIPTION_MAX} tegn.")
    return PublicText(title, description)


def _known(application: Application | None) -> list[tuple[str, str]]:
    if application is None:
        return []
    details = [("ansøgerens navn", application.applicant_name),
               ("ansøgerens adresse", application.applicant_address),
               ("ansøgerens e-mail", application.applicant_email),
               ("ansøgerens telefonnummer", application.applicant_phone)]
    found = [(label, value.strip()) for label, value in details if value and value.strip()]
    # Each part of the name alone too ("Karen"), but not initials.
    found += [("en del af ansøgerens navn", part)
              for part in (application.applicant_name or "").split() if len(part) > 2]
    return found


def personal_data_warnings(text: str, application: Application | None = None, *,
                           allowed: tuple[str, ...] = ()) -> list[str]:
    """What in ``text`` looks like personal data, in Danish; empty if nothing does.

    ``allowed`` names that are public by nature (the department, the organisation) are not
    taken for a person's name.
    """
    warnings = []
    for name in sorted(allowed, key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    folded = text.casefold()
    for label, value in _known(application):
        if value.casefold() in folded:
            warnings.append(f"Teksten indeholder {label} (»{value}«).")
    checks = ((_EMAIL, "en e-mailadresse"), (_PHONE, "et telefonnummer"),
              (_STREET, "en adresse"), (_POSTCODE, "et postnummer og en by"))
    for pattern, label in checks:
        match = pattern.search(text)
        if match:
            warnings.append(f"Teksten ligner {label} (»{match.group(0).strip()}«).")
    for match in _NAME.finditer(text):
        if not any(match.group(0) in w for w in warnings):
            warnings.append(f"Teksten ligner et navn (»{match.group(0)}«).")
            break
    return warnings
