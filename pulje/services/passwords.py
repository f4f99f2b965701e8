"""What a new password must be: long enough, and not on the list of common ones."""

from __future__ import annotations

import functools
from importlib.resources import files

from sqlmodel import Session
from werkzeug.security import generate_password_hash

from pulje.models import User
from pulje.services.errors import InputError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (pulje/data/common-passwords.txt), lower case."""
    text = files("pulje").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def check_new_password(password: str) -> None:
    """Refuse a password that is short, overly long or among the common ones."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InputError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(f"Adgangskoden må højst have {MAX_PASSWORD_LENGTH} tegn.")
    if password.strip().casefold() in common_passwords() or len(set(password)) <= 2:
        raise InputError("Adgangskoden er for almindelig og let at gætte; vælg en anden, "
                         "fx nogle ord, der ikke hører sammen.")


def set_password(session: Session, user: User, password: str) -> None:
    """Store a new password the user chose (checked first), only as a scrypt hash."""
    check_new_password(password)
    user.password_hash = generate_password_hash(password)
    session.add(user)
    session.flush()
