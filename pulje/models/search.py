"""The search table: one row per case with the folded text a caseworker can search for."""

from __future__ import annotations

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class CaseSearch(SQLModel, table=True):
    """A case's searchable fields in ``pulje.folding.fold``'s spelling, one per line.

    Written only by ``pulje.services.search_index``; each engine adds its own substring index
    over ``text`` (migrations i21a, i21b): pg_trgm on PostgreSQL (with the organisation's id in
    the same GIN index where btree_gin is available), an FTS5 trigram table on SQLite.
    """

    __tablename__ = "case_search"

    # Newest first within an organisation: short queries scan this index and stop early.
    __table_args__ = (Index("ix_case_search_organisation", "organisation_id", "application_id"),)

    application_id: int = Field(primary_key=True, foreign_key="application.id",
                                ondelete="CASCADE", sa_column_kwargs={"autoincrement": False})
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    text: str = Field(sa_column=Column(Text, nullable=False))


# Each engine's substring index over case_search.text (migrations i21a, i21b; the prefix
# names both ix_case_search_trigram and ix_case_search_trigram_organisation): kept out of the
# comparison of the migrated schema with these models, which cannot declare them.
ENGINE_INDEXES = ("case_search_fts", "ix_case_search_trigram")


def is_engine_index(name: str | None) -> bool:
    """Whether ``name`` is (part of) an engine's search index rather than pulje's data."""
    return bool(name and name.startswith(ENGINE_INDEXES))


def declared_here(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's ``include_name``: False for the engine-specific search index objects."""
    return not is_engine_index(name)
