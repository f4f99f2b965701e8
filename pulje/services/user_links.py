"""Single-use links by e-mail: an invitation (72 hours) or a password reset (2 hours).

The link carries a random secret; only its SHA-256 is stored. Issuing a new link of a kind
voids the user's earlier ones of that kind; using a link voids it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, select

from pulje.models import User, UserToken, utcnow
from pulje.services.errors import InputError
from pulje.services.mail import send_mail
from pulje.services.passwords import set_password

VALID_HOURS = {"invite": 72, "reset": 2}
EXPIRED = "Linket er udløbet eller allerede brugt. Bed om et nyt."


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(session: Session, user: User, purpose: str, *, now: datetime) -> str:
    """A new link secret for ``user``; earlier unused ones of the same kind stop working."""
    for old in session.exec(select(UserToken).where(
            UserToken.user_id == user.id, UserToken.purpose == purpose,
            UserToken.used_at.is_(None))):
        old.used_at = now
        session.add(old)
    secret = secrets.token_urlsafe(32)
    session.add(UserToken(user_id=user.id, purpose=purpose, token_hash=_hash(secret),
                          created_at=now, expires_at=now + timedelta(hours=VALID_HOURS[purpose])))
    session.flush()
    return secret


def revoke(session: Session, user: User, *, now: datetime | None = None) -> None:
    """Void every unused link of ``user`` (deactivation)."""
    for token in session.exec(select(UserToken).where(UserToken.user_id == user.id,
                                                      UserToken.used_at.is_(None))):
        token.used_at = now or utcnow()
        session.add(token)
    session.flush()


def holder(session: Session, secret: str, purpose: str, *, now: datetime) -> User:
    """The active user a valid, unused link of this kind belongs to; else a Danish refusal."""
    token = session.exec(select(UserToken).where(
        UserToken.token_hash == _hash(secret or ""), UserToken.purpose == purpose)).first()
    if token is None or token.used_at is not None or token.expires_at <= now:
        raise InputError(EXPIRED)
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise InputError(EXPIRED)
    return user


def redeem(session: Session, secret: str, purpose: str, password: str, *,
           now: datetime) -> User:
    """Set the password chosen through a link and use the link up."""
    user = holder(session, secret, purpose, now=now)
    set_password(session, user, password)
    for token in session.exec(select(UserToken).where(UserToken.user_id == user.id,
                                                      UserToken.used_at.is_(None))):
        token.used_at = now
        session.add(token)
    session.flush()
    return user


def request_reset(session: Session, email: str, *, now: datetime,
                  link_for: Callable[[str], str]) -> None:
    """Mail a reset link if an active user has this address; the caller says the same anyway."""
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    if user is None or not user.active:
        return
    url = link_for(issue(session, user, "reset", now=now))
    send_mail(session, user.email, "Ny adgangskode til pulje",
              f"Kære {user.name}\n\nDu (eller nogen, der kender din e-mailadresse) har bedt om "
              f"en ny adgangskode. Vælg den her:\n\n{url}\n\nLinket virker én gang og i "
              f"{VALID_HOURS['reset']} timer. Har du ikke bedt om det, kan du se bort fra "
              "denne mail; din adgangskode er uændret.\n")
