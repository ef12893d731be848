"""Cursors are sealed: they reveal nothing of the table, and anything that is not one we
sealed for this list is a 400, never a crash."""

from __future__ import annotations

import base64
import json

import pytest

from mentoring.data.cursor_seal import AesGcmSeal
from mentoring.data.cursors import DONE, decode_cursor, encode_cursor
from mentoring.domain.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from mentoring.errors import BadRequest

KEYS = {"sent": frozenset({"PK", "SK"}), "received": frozenset({"PK", "SK"})}
POSITION = {"PK": "USER#1", "SK": "MENTOR"}
SEAL = AesGcmSeal(lambda: b"a-test-secret-that-is-long-enough-for-sealing!")


def test_a_cursor_round_trips_within_its_list() -> None:
    cursor = encode_cursor("requests", {"sent": POSITION, "received": DONE}, SEAL)
    assert decode_cursor(cursor, "requests", KEYS, SEAL) == {"sent": POSITION, "received": DONE}


def test_a_cursor_reveals_nothing_of_the_table() -> None:
    cursor = encode_cursor("requests", {"sent": {"PK": "USER#u-42", "SK": "GSI1"}}, SEAL)
    decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    for secret in (b"USER", b"u-42", b"GSI1", b"requests", b"PK"):
        assert secret not in decoded
    # Sealing the same position twice gives two different tokens.
    assert cursor != encode_cursor("requests", {"sent": {"PK": "USER#u-42", "SK": "GSI1"}}, SEAL)


def unsealed(payload: object) -> str:
    """What a client could make without the key: an honest-looking but unsealed cursor."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def flipped(cursor: str, at: int) -> str:
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[at] ^= 1
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


GOOD = encode_cursor("requests", {"sent": POSITION, "received": None}, SEAL)


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "e30",  # {}
        "",
        "A" * 5000,
        unsealed({"v": 3, "s": "requests", "p": {"sent": POSITION, "received": None}}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        flipped(GOOD, 0),  # the nonce
        flipped(GOOD, 20),  # the sealed positions
        flipped(GOOD, -1),  # the tag
        GOOD[:-4],
    ],
)
def test_a_tampered_cursor_is_a_bad_request(cursor: str) -> None:
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "requests", KEYS, SEAL)


@pytest.mark.parametrize(
    "positions",
    [
        {"sent": POSITION},
        {"sent": {"PK": "x"}, "received": None},
        {"sent": {"PK": 1, "SK": "x"}, "received": None},
        {"sent": "somewhere", "received": None},
        {"sent": POSITION, "received": {"PK": "x"}},  # the second source, too
        {"sent": POSITION, "received": {"PK": "USER#1", "SK": ""}},
        {"sent": POSITION, "received": "somewhere"},
        {"sent": POSITION, "received": None, "third": None},
    ],
)
def test_a_sealed_cursor_of_the_wrong_shape_is_a_bad_request(positions: object) -> None:
    cursor = encode_cursor("requests", positions, SEAL)  # type: ignore[arg-type]
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "requests", KEYS, SEAL)


def test_a_cursor_from_another_list_is_refused() -> None:
    cursor = encode_cursor("mentors:all", {"sent": POSITION, "received": None}, SEAL)
    with pytest.raises(BadRequest):
        decode_cursor(cursor, "requests", KEYS, SEAL)


def test_a_cursor_sealed_under_another_secret_is_refused() -> None:
    other = AesGcmSeal(lambda: b"another-deployments-secret-of-enough-length!")
    with pytest.raises(BadRequest):
        decode_cursor(GOOD, "requests", KEYS, other)


def test_a_page_holds_twenty_items_unless_asked_otherwise() -> None:
    assert PageRequest().limit == DEFAULT_LIMIT == 20
    assert MAX_LIMIT == 50


@pytest.mark.parametrize(
    "plain", [b"[1, 2]", b'"text"', b"not json", b'{"v": 3, "s": "requests", "p": []}']
)
def test_a_sealed_cursor_that_holds_no_positions_is_a_bad_request(plain: bytes) -> None:
    with pytest.raises(BadRequest) as refused:
        decode_cursor(SEAL.seal(plain), "requests", KEYS, SEAL)
    assert refused.value.message == "The cursor is not valid for this list."


@pytest.mark.parametrize(
    "positions",
    [{"sent": POSITION}, {"sent": "somewhere", "received": None}],
)
def test_a_refused_cursor_says_so_plainly(positions: object) -> None:
    cursor = encode_cursor("requests", positions, SEAL)  # type: ignore[arg-type]
    with pytest.raises(BadRequest) as refused:
        decode_cursor(cursor, "requests", KEYS, SEAL)
    assert refused.value.message == "The cursor is not valid for this list."
