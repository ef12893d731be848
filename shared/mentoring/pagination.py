"""Opaque cursors: a position in one list, checked on the way back in (never a 500)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from mentoring.errors import BadRequest

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
_VERSION = 1


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


def encode_cursor(scope: str, key: dict[str, str]) -> str:
    raw = json.dumps({"v": _VERSION, "s": scope, "k": key}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, scope: str, key_names: frozenset[str]) -> dict[str, str]:
    """The key a cursor holds, if it was issued for this list and has exactly these attributes."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise BadRequest("The cursor is not valid.") from error
    if not isinstance(data, dict) or data.get("v") != _VERSION or data.get("s") != scope:
        raise BadRequest("The cursor is not valid for this list.")
    key = data.get("k")
    if (
        not isinstance(key, dict)
        or set(key) != key_names
        or not all(isinstance(value, str) and value for value in key.values())
    ):
        raise BadRequest("The cursor is not valid.")
    return key
