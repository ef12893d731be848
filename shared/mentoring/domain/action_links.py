"""One-click links: signed tokens bound to one request and one action, with an expiry."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from mentoring.errors import BadRequest, Gone

# A real token is about 150 characters; anything far longer is not one of ours.
MAX_TOKEN_CHARACTERS = 1024


class Action(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


@dataclass(frozen=True)
class ActionClaim:
    request_id: str
    action: Action
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ActionTokens:
    def __init__(self, secret: bytes):
        if len(secret) < 32:
            raise ValueError("the action token secret must be at least 32 bytes")
        self._secret = secret

    def issue(self, request_id: str, action: Action, expires_at: datetime) -> str:
        payload = _b64(
            json.dumps(
                {"r": request_id, "a": action.value, "e": int(expires_at.timestamp())},
                separators=(",", ":"),
            ).encode()
        )
        return f"{payload}.{self._sign(payload)}"

    def read(self, token: str, now: datetime) -> ActionClaim:
        """The claim a token carries: 400 if it is not one we signed, 410 once it has expired."""
        payload, _, signature = token.partition(".")
        # Ours are base64url, so ASCII (and compare_digest cannot take any other text).
        unlike_ours = len(token) > MAX_TOKEN_CHARACTERS or not token.isascii() or not payload
        if unlike_ours or not hmac.compare_digest(signature, self._sign(payload)):
            raise BadRequest("This link is not valid. Please use the link exactly as emailed.")
        try:
            data = json.loads(_unb64(payload))
            claim = ActionClaim(
                request_id=str(data["r"]),
                action=Action(data["a"]),
                expires_at=datetime.fromtimestamp(int(data["e"]), tz=UTC),
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise BadRequest("This link is not valid.") from error
        if now >= claim.expires_at:
            raise Gone()  # "This link has expired."
        return claim

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())
