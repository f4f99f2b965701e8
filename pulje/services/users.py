"""Staff users: creating them with a hashed password, and checking a login."""

from __future__ import annotations

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from pulje.models import ROLES, User
from pulje.services.errors import InputError

MIN_PASSWORD_LENGTH = 10
# Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and the answer does not tell which one was wrong.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def create_user(session: Session, *, organisation_id: int, email: str, name: str, role: str,
                password: str) -> User:
    """Add a staff user; the password is stored only as a scrypt hash."""
    email = email.strip().lower()
    if role not in ROLES:
        raise InputError(f"Ukendt rolle »{role}«; vælg {', '.join(ROLES)}.")
    if "@" not in email:
        raise InputError("Skriv en gyldig e-mailadresse.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise InputError(f"Der findes allerede en bruger med e-mail {email}.")
    user = User(organisation_id=organisation_id, email=email, name=name.strip(), role=role,
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None — without saying which was wrong."""
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.active or not check_password_hash(user.password_hash, password or ""):
        return None
    return user
