"""One-click link tokens: signed, bound to one request and one action, expiring."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from mentoring.action_tokens import Action, ActionTokens
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


@pytest.mark.parametrize("token", ["", "abc", "abc.def", "...", "a" * 500])
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
