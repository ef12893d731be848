"""The secret that signs one-click links, read from Secrets Manager and cached for a while."""

from __future__ import annotations

from aws_lambda_powertools.utilities import parameters

from mentoring.action_tokens import ActionTokens

_CACHE_SECONDS = 300


def action_tokens_from_secret(secret_arn: str) -> ActionTokens:
    value: str | bytes = parameters.get_secret(secret_arn, max_age=_CACHE_SECONDS)
    return ActionTokens(value if isinstance(value, bytes) else value.encode())
