"""The id of a stored row, typed as the int it is once the row is flushed.

SQLModel types every primary key ``int | None`` (None until the database assigns it). Code that
refers to a stored row — a foreign key, a lock, a dictionary key — needs the int, and asking for
the id of a row never flushed is a bug to stop at, not a NULL to write.
"""

from __future__ import annotations

from typing import Protocol


class Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    """``row.id``; ValueError when the row was never flushed (so it has no id yet)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id before it is flushed")
    return row.id
