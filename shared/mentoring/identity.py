"""The user directory (Cognito): only erasure touches it from the backend."""

from __future__ import annotations

from typing import Any, Protocol

import boto3
from botocore.exceptions import ClientError

from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger


class Identity(Protocol):
    def delete_user(self, user_id: str) -> None:
        """Remove the sign-in account; no error if it is already gone."""
        ...


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
        try:
            self.client.admin_delete_user(UserPoolId=self._pool, Username=user_id)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code == "UserNotFoundException":
                return
            logger.error("Cognito user not deleted", error_code=code)
            raise ServiceUnavailable() from None
