"""One-click link tokens: signed, bound to one request and one action, expiring."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest

from mentoring.domain.action_links import MAX_TOKEN_CHARACTERS, Action, ActionTokens
from mentoring.errors import BadRequest, Gone

SECRET = b"0123456789abcdef0123456789abcdef-secret"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def tokens() -> ActionTokens:
    return ActionTokens(SECRET)


def test_a_token_names_its_request_and_action(tokens: ActionTokens) -> None:
    token = tokens.issue("request-1", Action.DECLINE, NOW + timedelta(days=3))
    claim = tokens.read(token, NOW)
    assert (claim.request_id, claim.action) == ("request-1", Action.DECLINE)


def test_a_token_expires(tokens: ActionTokens) -> None:
    token = tokens.issue("request-1", Action.ACCEPT, NOW + timedelta(hours=1))
    tokens.read(token, NOW + timedelta(minutes=59))
    with pytest.raises(Gone):
        tokens.read(token, NOW + timedelta(hours=1))


def test_changing_the_action_breaks_the_signature(tokens: ActionTokens) -> None:
    token = tokens.issue("request-1", Action.DECLINE, NOW + timedelta(days=1))
    payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["a"] = "accept"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    with pytest.raises(BadRequest):
        tokens.read(f"{forged}.{signature}", NOW)


# Non-ASCII text in either part, as a link typed or mangled by a mail client can be (make fuzz
# sent "ºX@Ý.澼y", which was a 500).
@pytest.mark.parametrize(
    "token", ["", "abc", "abc.def", "...", "a" * 500, "ºX@Ý.澼y", "abc.dé", "é.abc", "abc.\udc80"]
)
def test_garbage_is_a_bad_request(tokens: ActionTokens, token: str) -> None:
    with pytest.raises(BadRequest):
        tokens.read(token, NOW)


def test_a_token_signed_with_another_secret_is_refused(tokens: ActionTokens) -> None:
    other = ActionTokens(b"another-secret-of-enough-length-0123456789")
    token = other.issue("request-1", Action.ACCEPT, NOW + timedelta(days=1))
    with pytest.raises(BadRequest):
        tokens.read(token, NOW)


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        ActionTokens(b"short")


def test_a_secret_of_exactly_32_bytes_is_enough() -> None:
    exactly = ActionTokens(b"k" * 32)
    token = exactly.issue("request-1", Action.ACCEPT, NOW + timedelta(days=1))
    assert exactly.read(token, NOW).request_id == "request-1"
    with pytest.raises(ValueError, match="at least 32 bytes"):
        ActionTokens(b"k" * 31)


def test_a_token_expires_at_exactly_its_time(tokens: ActionTokens) -> None:
    moment = NOW + timedelta(hours=1)
    token = tokens.issue("request-1", Action.ACCEPT, moment)
    tokens.read(token, moment - timedelta(seconds=1))
    with pytest.raises(Gone, match="This link has expired"):
        tokens.read(token, moment)


def test_a_tampered_token_says_to_use_the_link_as_emailed(tokens: ActionTokens) -> None:
    with pytest.raises(BadRequest, match="exactly as emailed"):
        tokens.read("not.a-token", NOW)


@pytest.mark.parametrize("request_id", ["a", "ab", "abc", "abcd", "a-much-longer-request-id-0123"])
def test_links_carry_no_padding_and_read_back_whatever_their_length(
    tokens: ActionTokens, request_id: str
) -> None:
    # Email clients and chat apps cut a link at "=", so a token never ends with padding.
    token = tokens.issue(request_id, Action.ACCEPT, NOW + timedelta(days=1))
    assert "=" not in token
    assert tokens.read(token, NOW).request_id == request_id


def test_a_token_at_the_length_limit_reads_and_one_longer_does_not(tokens: ActionTokens) -> None:
    def of_length(length: int) -> str:
        for size in range(600, 900):
            token = tokens.issue("r" * size, Action.ACCEPT, NOW + timedelta(days=1))
            if len(token) == length:
                return token
        raise AssertionError(length)

    at_limit = of_length(MAX_TOKEN_CHARACTERS)
    assert tokens.read(at_limit, NOW).action is Action.ACCEPT
    longer = next(
        t
        for size in range(600, 900)
        if len(t := tokens.issue("r" * size, Action.ACCEPT, NOW + timedelta(days=1)))
        > MAX_TOKEN_CHARACTERS
    )
    with pytest.raises(BadRequest) as refused:
        tokens.read(longer, NOW)
    assert refused.value.message.startswith("This link is not valid.")


def signed(payload: bytes) -> str:
    """A token signed with the right secret around a payload that is not a claim."""
    encoded = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    signature = hmac.new(SECRET, encoded.encode(), hashlib.sha256).digest()
    return f"{encoded}.{base64.urlsafe_b64encode(signature).decode().rstrip('=')}"


@pytest.mark.parametrize(
    "payload", [b"not json", b"[1, 2]", b'{"r": "x", "a": "delete", "e": 1}', b'{"r": "x"}']
)
def test_a_signed_token_that_holds_no_claim_says_the_link_is_not_valid(
    tokens: ActionTokens, payload: bytes
) -> None:
    with pytest.raises(BadRequest) as refused:
        tokens.read(signed(payload), NOW)
    assert refused.value.message == "This link is not valid."


def test_the_messages_a_person_reads_on_the_link_pages(tokens: ActionTokens) -> None:
    with pytest.raises(BadRequest) as tampered:
        tokens.read("not.a-token", NOW)
    assert tampered.value.message == (
        "This link is not valid. Please use the link exactly as emailed."
    )
    token = tokens.issue("request-1", Action.DECLINE, NOW)
    with pytest.raises(Gone) as expired:
        tokens.read(token, NOW)
    assert expired.value.message == "This link has expired."
    with pytest.raises(ValueError, match="at least 32 bytes") as short:
        ActionTokens(b"short")
    assert str(short.value) == "the action token secret must be at least 32 bytes"
