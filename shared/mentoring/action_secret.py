"""The secret that signs one-click links, read from Secrets Manager and cached for a while."""

from __future__ import annotations

from aws_lambda_powertools.utilities import parameters

from mentoring.action_tokens import ActionTokens
from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger

_CACHE_SECONDS = 300


def action_tokens_from_secret(secret_arn: str) -> ActionTokens:
    try:
        value: str | bytes = parameters.get_secret(secret_arn, max_age=_CACHE_SECONDS)
    except parameters.exceptions.GetParameterError as error:
        logger.error("Action token secret unavailable", error_type=type(error.__cause__).__name__)
        raise ServiceUnavailable() from None
    return ActionTokens(value if isinstance(value, bytes) else value.encode())
