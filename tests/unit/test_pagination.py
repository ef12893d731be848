"""Cursors are opaque, and anything that is not one we issued is a 400, never a crash."""

from __future__ import annotations

import base64
import json

import pytest

from mentoring.errors import BadRequest
from mentoring.pagination import decode_cursor, encode_cursor

KEYS = frozenset({"PK", "SK"})


def test_a_cursor_round_trips_within_its_list() -> None:
    cursor = encode_cursor("directory", {"PK": "USER#1", "SK": "MENTOR"})
    assert decode_cursor(cursor, "directory", KEYS) == {"PK": "USER#1", "SK": "MENTOR"}


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "e30",  # {}
        forged([1, 2]),
        forged({"v": 1, "s": "directory", "k": {"PK": "USER#1"}}),
        forged({"v": 1, "s": "directory", "k": {"PK": 1, "SK": "MENTOR"}}),
        forged({"v": 2, "s": "directory", "k": {"PK": "USER#1", "SK": "MENTOR"}}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_tampered_cursor_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "directory", KEYS)


def test_a_cursor_from_another_list_is_refused() -> None:
    cursor = encode_cursor("mentors:all", {"PK": "USER#1", "SK": "MENTOR"})
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "directory", KEYS)
