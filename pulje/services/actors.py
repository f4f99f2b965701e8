"""Who acts: a staff user, the resident behind a case, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass

ROLE_LABELS = {
    "resident": "ansøger",
    "caseworker": "sagsbehandler",
    "board": "bestyrelsesmedlem",
    "admin": "administrator",
    "system": "system",
}


@dataclass(frozen=True)
class Actor:
    """The person (or job) behind a step, as written in the audit trail."""

    role: str
    name: str
    user_id: int | None = None

    @classmethod
    def resident(cls, name: str = "ansøger") -> Actor:
        return cls("resident", name)

    @classmethod
    def system(cls, name: str = "pulje") -> Actor:
        return cls("system", name)

    @property
    def label(self) -> str:
        """E.g. 'sagsbehandler Mette Hansen'."""
        return f"{ROLE_LABELS.get(self.role, self.role)} {self.name}".strip()
