"""The deployment's secret, read from Secrets Manager and cached for a while: it signs the
one-click links and (under a key of its own) seals list cursors."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

_CACHE_SECONDS = 300


@lru_cache(maxsize=1)
def secrets_provider() -> SecretsProvider:
    """Powertools' provider on a client of the container's default boto3 session, which the
    DynamoDB client has already loaded: the session of its own that Powertools would make
    otherwise costs a cold start about 80 ms. Imported when first needed, as many requests
    need no secret."""
    import boto3  # noqa: PLC0415
    from aws_lambda_powertools.utilities.parameters import SecretsProvider  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2)
    return SecretsProvider(boto3_client=boto3.client("secretsmanager", config=config))


def read_secret(secret_arn: str) -> bytes:
    from aws_lambda_powertools.utilities.parameters.exceptions import (  # noqa: PLC0415
        GetParameterError,
    )

    try:
        value = secrets_provider().get(secret_arn, max_age=_CACHE_SECONDS)
    except GetParameterError as error:
        logger.error("Secret unavailable", error_type=type(error.__cause__).__name__)
        raise ServiceUnavailable() from None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    raise ServiceUnavailable()  # a dict only comes with a transform, never asked for here
