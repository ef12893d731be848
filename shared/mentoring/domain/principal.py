"""The caller of a use case: who they are, their address, and whether they administer the
scheme (mentoring.api.auth reads them from the request's Cognito claims)."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.errors import Forbidden

ADMIN_GROUP = "admins"


@dataclass(frozen=True)
class Principal:
    user_id: str
    email: str | None
    groups: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return ADMIN_GROUP in self.groups

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("This is for scheme administrators only.")
