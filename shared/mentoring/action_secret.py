"""The deployment's secret, read from Secrets Manager and cached for a while: it signs the
one-click links and (under a key of its own) seals list cursors."""

from __future__ import annotations

from aws_lambda_powertools.utilities import parameters

from mentoring.action_tokens import ActionTokens
from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger

_CACHE_SECONDS = 300


def read_secret(secret_arn: str) -> bytes:
    try:
        value: str | bytes = parameters.get_secret(secret_arn, max_age=_CACHE_SECONDS)
    except parameters.exceptions.GetParameterError as error:
        logger.error("Secret unavailable", error_type=type(error.__cause__).__name__)
        raise ServiceUnavailable() from None
    return value if isinstance(value, bytes) else value.encode()


def action_tokens_from_secret(secret_arn: str) -> ActionTokens:
    return ActionTokens(read_secret(secret_arn))
