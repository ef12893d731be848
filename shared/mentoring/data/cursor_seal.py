"""List cursors sealed with AES-GCM: a client sees an opaque token that reveals nothing of the
table (index names, keys, user ids), and a token changed by one bit is refused.

The key is derived from the deployment's secret (the one that signs the emailed links, read
from Secrets Manager) with a label of its own, so the two uses never share a key. It is read
only when a list has a further page, and `cryptography` is imported only then too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable
from typing import Protocol

from mentoring.errors import BadRequest

_LABEL = b"img-peer-mentoring list cursors v1"
_NONCE_BYTES = 12
_INVALID = "The cursor is not valid for this list."
# A real cursor is well under 1 KB; anything far longer is not one of ours.
MAX_CURSOR_CHARACTERS = 2048


class CursorSeal(Protocol):
    def seal(self, plain: bytes) -> str: ...
    def open(self, token: str) -> bytes: ...


def cursor_key(secret: bytes) -> bytes:
    """A 256-bit key for cursors, separate from the links' use of the same secret."""
    return hmac.new(secret, _LABEL, hashlib.sha256).digest()


class AesGcmSeal:
    def __init__(self, secret: Callable[[], bytes]):
        self._secret = secret

    def seal(self, plain: bytes) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(cursor_key(self._secret())).encrypt(nonce, plain, _LABEL)
        return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")

    def open(self, token: str) -> bytes:
        from cryptography.exceptions import InvalidTag  # noqa: PLC0415
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

        if len(token) > MAX_CURSOR_CHARACTERS:
            raise BadRequest(_INVALID)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise BadRequest(_INVALID) from None
        if len(raw) <= _NONCE_BYTES:
            raise BadRequest(_INVALID)
        try:
            return AESGCM(cursor_key(self._secret())).decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _LABEL
            )
        except InvalidTag:
            raise BadRequest(_INVALID) from None
