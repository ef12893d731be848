"""Cursors are opaque, and anything that is not one we issued is a 400, never a crash."""

from __future__ import annotations

import base64
import json

import pytest

from mentoring.errors import BadRequest
from mentoring.pagination import DONE, decode_cursor, encode_cursor

KEYS = {"sent": frozenset({"PK", "SK"}), "received": frozenset({"PK", "SK"})}
POSITION = {"PK": "USER#1", "SK": "MENTOR"}


def test_a_cursor_round_trips_within_its_list() -> None:
    cursor = encode_cursor("requests", {"sent": POSITION, "received": DONE})
    assert decode_cursor(cursor, "requests", KEYS) == {"sent": POSITION, "received": DONE}


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "e30",  # {}
        forged([1, 2]),
        forged({"v": 2, "s": "requests", "p": {"sent": POSITION}}),
        forged({"v": 2, "s": "requests", "p": {"sent": {"PK": "x"}, "received": None}}),
        forged({"v": 2, "s": "requests", "p": {"sent": {"PK": 1, "SK": "x"}, "received": None}}),
        forged({"v": 2, "s": "requests", "p": {"sent": "somewhere", "received": None}}),
        forged({"v": 1, "s": "requests", "p": {"sent": POSITION, "received": None}}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_tampered_cursor_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "requests", KEYS)


def test_a_cursor_from_another_list_is_refused() -> None:
    cursor = encode_cursor("mentors:all", {"sent": POSITION, "received": None})
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "requests", KEYS)
