"""Idempotency-Key for the POSTs that create things (Powertools Idempotency on DynamoDB).

A retry with the same key and body returns the first answer and creates nothing new; the same
key with another body is refused; a retry while the first call is still running is a 409.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceConnectionError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentoring.errors import RequestInProgress, ServiceUnavailable, ValidationFailed

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)
_ONE_DAY = 24 * 60 * 60


def _key_problem(message: str) -> ValidationFailed:
    return ValidationFailed.on(HEADER, "invalid", message, location="header")


class IdempotentCreations:
    def __init__(self, table_name: str, client: Any | None = None):
        self._table_name = table_name
        self._client = client
        self._store: DynamoDBPersistenceLayer | None = None
        self._config = IdempotencyConfig(
            event_key_jmespath="[user_id, key]",
            payload_validation_jmespath="body",
            expires_after_seconds=_ONE_DAY,
            raise_on_no_idempotency_key=True,
        )

    def _persistence(self) -> DynamoDBPersistenceLayer:
        if self._store is None:
            self._store = DynamoDBPersistenceLayer(
                table_name=self._table_name, boto3_client=self._client
            )
        return self._store

    def run(
        self,
        operation: str,
        user_id: str,
        key: str | None,
        body: dict[str, Any],
        create: Callable[[], dict[str, Any]],
        context: LambdaContext | None = None,
    ) -> dict[str, Any]:
        """`create()` once per (user, key); its JSON answer again for every retry."""
        if key is None:
            return create()
        if context is not None:
            # Lets an in-progress record lapse with the invocation, if the function times out.
            self._config.register_lambda_context(context)
        if not _KEY.match(key):
            raise _key_problem("Use 1 to 255 visible ASCII characters, such as a UUID.")

        @idempotent_function(  # type: ignore[untyped-decorator]
            data_keyword_argument="call",
            persistence_store=self._persistence(),
            config=self._config,
            key_prefix=operation,
        )
        def once(call: dict[str, Any]) -> dict[str, Any]:
            return create()

        try:
            answer: dict[str, Any] = once(call={"user_id": user_id, "key": key, "body": body})
        except IdempotencyAlreadyInProgressError:
            raise RequestInProgress() from None
        except IdempotencyValidationError:
            raise _key_problem("This key was already used with a different request body.") from None
        except (IdempotencyPersistenceLayerError, IdempotencyPersistenceConnectionError):
            raise ServiceUnavailable() from None
        return answer
