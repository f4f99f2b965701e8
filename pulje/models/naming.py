"""How constraints and indexes are named, so every one has a stable name a migration can
drop or change (SQLite's batch mode rebuilds a table and needs the names).

The names are the ones PostgreSQL gives unnamed constraints itself (``pool_pkey``,
``application_pool_id_fkey``, ``application_pool_id_reference_key``), so the databases made
before the convention already carry them; a check constraint is always named by hand.
"""

from __future__ import annotations

from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(constraint_name)s",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}

# Each constraint takes its name when it joins its table, so this runs before any model.
SQLModel.metadata.naming_convention = NAMING_CONVENTION
