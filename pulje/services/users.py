"""Staff users: inviting, editing, deactivating, and checking a login.

The administrator never sees or types a password: a new user gets an invitation link
(pulje.services.user_links) and chooses their own. ``create_user`` with a password is for the
demo and for tests. Ending a user's sessions (logout, deactivation) bumps their session
generation, which every request's user loader compares with the one in its cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from pulje.models import ROLES, Organisation, User
from pulje.models.ids import id_of
from pulje.services import user_links
from pulje.services.errors import InputError, NotFound
from pulje.services.mail import send_mail
from pulje.services.passwords import MIN_PASSWORD_LENGTH, check_new_password

__all__ = ["MIN_PASSWORD_LENGTH", "authenticate", "create_user", "end_sessions", "invite_user",
           "set_active", "staff_of", "update_user", "user_in_organisation"]

# Compared against when the e-mail is unknown, so a wrong address costs as long as a wrong
# password and the answer does not tell which one was wrong.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
# Stored until the invited user chooses a password: no password ever matches it.
NO_PASSWORD = "!"
OTHER_ORGANISATION_EMAIL = ("E-mailadressen {email} kan ikke bruges til en ny bruger. Brug en "
                            "anden adresse, eller kontakt den, der driver pulje.")


def _checked(session: Session, organisation_id: int, email: str, name: str,
             role: str) -> tuple[str, str]:
    email = (email or "").strip().lower()
    name = (name or "").strip()
    if role not in ROLES:
        raise InputError(f"Ukendt rolle »{role}«; vælg {', '.join(ROLES)}.")
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        raise InputError("Skriv en gyldig e-mailadresse.")
    if not name:
        raise InputError("Skriv brugerens navn.")
    holder = session.exec(select(User.organisation_id).where(User.email == email)).first()
    if holder == organisation_id:
        raise InputError(f"Der findes allerede en bruger med e-mail {email}.")
    if holder is not None:
        # The e-mail is the login, so it is unique across organisations; the answer to another
        # organisation says neither that a user has it nor whose user it is.
        raise InputError(OTHER_ORGANISATION_EMAIL.format(email=email))
    return email, name


def create_user(session: Session, *, organisation_id: int, email: str, name: str, role: str,
                password: str) -> User:
    """Add a staff user with a password (demo, tests); stored only as a scrypt hash."""
    email, name = _checked(session, organisation_id, email, name, role)
    check_new_password(password)
    user = User(organisation_id=organisation_id, email=email, name=name, role=role,
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class StaffMember:
    """A user on the administrator's list; ``invited`` until they have chosen a password."""

    user: User
    invited: bool


def staff_of(session: Session, organisation_id: int) -> list[StaffMember]:
    """The organisation's users by name, each with whether the invitation is still open."""
    users = session.exec(select(User).where(User.organisation_id == organisation_id)
                         .order_by(User.name)).all()
    return [StaffMember(user, user.password_hash == NO_PASSWORD) for user in users]


def invite_user(session: Session, *, organisation_id: int, email: str, name: str, role: str,
                now: datetime, link_for: Callable[[str], str]) -> User:
    """Add a staff user without a password and mail them a 72-hour link to choose one."""
    email, name = _checked(session, organisation_id, email, name, role)
    user = User(organisation_id=organisation_id, email=email, name=name, role=role,
                password_hash=NO_PASSWORD)
    session.add(user)
    session.flush()
    organisation = session.get_one(Organisation, organisation_id)
    url = link_for(user_links.issue(session, user, "invite", now=now))
    send_mail(session, user.email, f"Invitation til pulje hos {organisation.name}",
              f"Kære {user.name}\n\nDu er oprettet som {ROLES[user.role]} i "
              f"{organisation.name}s fællesskabspulje. Vælg din adgangskode her:\n\n{url}\n\n"
              f"Linket virker én gang og i {user_links.VALID_HOURS['invite']} timer.\n")
    return user


def user_in_organisation(session: Session, organisation_id: int, user_id: int) -> User:
    """The organisation's own user; another organisation's is as unknown as a missing one."""
    user = session.get(User, user_id)
    if user is None or user.organisation_id != organisation_id:
        raise NotFound("Brugeren findes ikke.")
    return user


def _other_active_admins(session: Session, user: User) -> int:
    return session.exec(select(func.count()).select_from(User).where(
        User.organisation_id == user.organisation_id, User.role == "admin",
        User.active == True, User.id != user.id)).one()  # noqa: E712


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == "admin" and user.active and not _other_active_admins(session, user):
        raise InputError(f"{user.name} er organisationens eneste aktive administrator; "
                         "udpeg en anden administrator først.")


def update_user(session: Session, user: User, *, name: str, role: str) -> User:
    """Change a user's name and role; the last active administrator stays one."""
    name = (name or "").strip()
    if not name:
        raise InputError("Skriv brugerens navn.")
    if role not in ROLES:
        raise InputError(f"Ukendt rolle »{role}«; vælg {', '.join(ROLES)}.")
    if role != "admin":
        _keep_an_admin(session, user)
    user.name, user.role = name, role
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, user: User, active: bool) -> User:
    """Deactivate (ending their sessions) or reactivate a user; never the last admin."""
    if not active:
        _keep_an_admin(session, user)
        user_links.revoke(session, user)
    user.active = active
    session.add(user)
    session.flush()
    if not active:
        end_sessions(session, id_of(user))
        session.refresh(user)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None — without saying which was wrong.

    Unknown, invited, deactivated and wrong-password logins cost the same one hash check, so
    the time of the answer does not tell an attacker which addresses belong to (former) staff.
    """
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    if user is None or user.password_hash == NO_PASSWORD:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    matches = check_password_hash(user.password_hash, password or "")
    return user if user.active and matches else None


def end_sessions(session: Session, user_id: int) -> None:
    """End every session of the user, on every device: their cookies stop working at once.

    In one UPDATE, so two logouts at once both count and neither is lost.
    """
    session.exec(update(User).where(col(User.id) == user_id)
                 .values(session_generation=User.session_generation + 1))
