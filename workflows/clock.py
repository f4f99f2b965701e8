"""The organisation's clock: instants are stored in UTC, days and times are Copenhagen's."""

from __future__ import annotations

from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
