"""Staff users: creating them with a hashed password, checking a login, ending their sessions."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from pulje.models import ROLES, User
from pulje.services.errors import InputError, NotFound

MIN_PASSWORD_LENGTH = 10
# Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and the answer does not tell which one was wrong.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
OTHER_ORGANISATION_EMAIL = ("E-mailadressen {email} kan ikke bruges til en ny bruger. Brug en "
                            "anden adresse, eller kontakt den, der driver pulje.")


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
    holder = session.exec(select(User.organisation_id).where(User.email == email)).first()
    if holder == organisation_id:
        raise InputError(f"Der findes allerede en bruger med e-mail {email}.")
    if holder is not None:
        # The e-mail is the login, so it is unique across organisations; the answer to another
        # organisation says neither that a user has it nor whose user it is.
        raise InputError(OTHER_ORGANISATION_EMAIL.format(email=email))
    user = User(organisation_id=organisation_id, email=email, name=name.strip(), role=role,
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None — without saying which was wrong.

    Unknown, deactivated and wrong-password logins cost the same one hash check, so the time
    of the answer does not tell an attacker which addresses belong to (former) staff.
    """
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    matches = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    return user if user is not None and user.active and matches else None


def end_sessions(session: Session, user_id: int) -> None:
    """End every session of the user, on every device: their cookies stop working at once.

    In one UPDATE, so two logouts at once both count and neither is lost.
    """
    session.exec(update(User).where(User.id == user_id)
                 .values(session_generation=User.session_generation + 1))


def user_in_organisation(session: Session, organisation_id: int, email: str) -> User:
    """The organisation's user with this e-mail; another organisation's users are not found."""
    user = session.exec(select(User).where(User.organisation_id == organisation_id,
                                           User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(f"Ingen bruger med e-mail {email.strip()} i organisationen.")
    return user


def deactivate_user(session: Session, user: User) -> None:
    """Take away the user's login; sessions already open end too."""
    user.active = False
    session.add(user)
    session.flush()
    end_sessions(session, user.id)
    session.refresh(user)
