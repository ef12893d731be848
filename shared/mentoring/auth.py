"""The caller, as API Gateway's Cognito authorizer describes them in the request context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mentoring.errors import Forbidden, Unauthenticated

ADMIN_GROUP = "admins"
_GROUP_SEPARATORS = re.compile(r"[,\s]+")


def parse_groups(raw: Any) -> frozenset[str]:
    """`cognito:groups` reaches a REST API as a string ("a,b", or "[a b]" in some tools)."""
    if raw is None:
        return frozenset()
    if isinstance(raw, list | tuple):
        return frozenset(str(group) for group in raw)
    text = str(raw).strip().removeprefix("[").removesuffix("]")
    return frozenset(group for group in _GROUP_SEPARATORS.split(text) if group)


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

    @classmethod
    def from_claims(cls, claims: dict[str, Any] | None) -> Principal:
        if not claims or not claims.get("sub"):
            raise Unauthenticated()
        email = claims.get("email")
        return cls(
            user_id=str(claims["sub"]),
            email=str(email) if email else None,
            groups=parse_groups(claims.get("cognito:groups")),
        )
