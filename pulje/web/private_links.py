"""Opening a resident's case by its private link, with the installation's expiry."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlmodel import Session

from pulje.models import Application
from pulje.services.link_expiry import open_link


def link_ttl() -> timedelta:
    """How long a link works after its case ended (LINK_TTL_DAYS, PULJE_LINK_TTL_DAYS)."""
    return timedelta(days=int(current_app.config["LINK_TTL_DAYS"]))


def private_case(session: Session, token: str) -> Application:
    """The case of this link; an unknown, revoked or expired link is a NotFound with why."""
    return open_link(session, token, ttl=link_ttl())
