"""What API Gateway's Cognito user-pool authorizer does: verify the ID token, expose its claims."""

from __future__ import annotations

from typing import Any

import jwt


class TokenRejected(Exception):
    pass


class CognitoAuthorizer:
    def __init__(self, endpoint_url: str, region: str, user_pool_id: str, client_id: str):
        self._issuer = f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
        self._client_id = client_id
        self._jwks = jwt.PyJWKClient(
            f"{endpoint_url}/{user_pool_id}/.well-known/jwks.json", cache_keys=True
        )

    def claims(self, authorization: str | None) -> dict[str, str]:
        """The claims as a REST API passes them to Lambda: every value a string."""
        if not authorization:
            raise TokenRejected("no token")
        token = authorization.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            signing_key = self._jwks.get_signing_key_from_jwt(token)
            decoded: dict[str, Any] = jwt.decode(
                token,
                signing_key.key,
                algorithms=["RS256"],
                audience=self._client_id,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except (jwt.PyJWTError, ValueError) as error:
            raise TokenRejected(type(error).__name__) from error
        if decoded.get("token_use") != "id":
            raise TokenRejected("not an ID token")
        return {name: _claim_text(value) for name, value in decoded.items()}


def _claim_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
