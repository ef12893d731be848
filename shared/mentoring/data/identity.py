"""The user directory (Cognito): only erasure touches it from the backend."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError

from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger


class CognitoIdentity:
    def __init__(self, user_pool_id: str, client: Any | None = None):
        self._pool = user_pool_id
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = boto3.client("cognito-idp")
        return self._client

    def delete_user(self, user_id: str) -> None:
        # Signed out everywhere first: its refresh tokens stop working at once.
        self._call("admin_user_global_sign_out", user_id)
        self._call("admin_delete_user", user_id)

    def _call(self, operation: str, user_id: str) -> None:
        try:
            getattr(self.client, operation)(UserPoolId=self._pool, Username=user_id)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "UserNotFoundException":
                return
            logger.error("Cognito call failed", operation=operation, error_code=code)
            raise ServiceUnavailable() from None
