"""The caller, as API Gateway's Cognito authorizer describes them in the request context."""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from mentoring.domain.principal import Principal
from mentoring.errors import Unauthenticated

_GROUP_SEPARATORS = re.compile(r"[,\s]+")


def parse_groups(raw: Any) -> frozenset[str]:
    """`cognito:groups` reaches a REST API as a string ("a,b", or "[a b]" in some tools)."""
    if raw is None:
        return frozenset()
    if isinstance(raw, list | tuple):
        return frozenset(str(group) for group in raw)
    text = str(raw).strip().removeprefix("[").removesuffix("]")
    return frozenset(group for group in _GROUP_SEPARATORS.split(text) if group)


def principal_from_claims(claims: dict[str, Any] | None) -> Principal:
    """The caller the claims name; 401 without a subject."""
    if not claims or not claims.get("sub"):
        raise Unauthenticated()
    email = claims.get("email")
    return Principal(
        user_id=str(claims["sub"]),
        email=str(email) if email else None,
        groups=parse_groups(claims.get("cognito:groups")),
    )


def current_principal(app: APIGatewayRestResolver) -> Principal:
    """The caller, from the claims API Gateway's Cognito authorizer put in the request context."""
    authorizer = app.current_event.request_context.authorizer
    claims = authorizer.claims if authorizer else None
    return principal_from_claims(claims)
