"""Which origins may call the API from a browser."""

from __future__ import annotations

import pytest

from mentoring.api.cors import OriginPolicy, parse_origins

DEPLOYED = OriginPolicy(
    parse_origins("https://mentoring.example.nhs.uk, https://admin.example.nhs.uk/")
)
LOCAL = OriginPolicy(parse_origins("http://localhost:*,http://127.0.0.1:*"))


@pytest.mark.parametrize(
    ("policy", "origin", "allowed"),
    [
        (DEPLOYED, "https://mentoring.example.nhs.uk", True),
        (DEPLOYED, "https://admin.example.nhs.uk", True),
        (DEPLOYED, "http://mentoring.example.nhs.uk", False),
        (DEPLOYED, "https://mentoring.example.nhs.uk.evil.example", False),
        (DEPLOYED, "null", False),
        (DEPLOYED, "*", False),
        (LOCAL, "http://localhost:5173", True),
        (LOCAL, "http://127.0.0.1:8080", True),
        (LOCAL, "http://localhost", False),
        (LOCAL, "http://localhost:5173.evil.example", False),
        (LOCAL, "http://localhost:abc", False),
        (LOCAL, "https://localhost:5173", False),
        (LOCAL, "http://127.0.0.2:8080", False),
    ],
)
def test_only_listed_origins_are_allowed(policy: OriginPolicy, origin: str, allowed: bool) -> None:
    assert policy.allows(origin) is allowed
    headers = policy.to_dict(origin)
    assert (headers.get("Access-Control-Allow-Origin") == origin) is allowed
    if not allowed:
        assert headers == {}


def test_an_allowed_origin_may_send_the_headers_the_api_reads() -> None:
    headers = LOCAL.to_dict("http://localhost:3001")
    allowed = set(headers["Access-Control-Allow-Headers"].split(","))
    assert {"Authorization", "Content-Type", "Idempotency-Key"} <= allowed
    assert int(headers["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in headers


def test_no_setting_allows_nobody() -> None:
    nobody = OriginPolicy(parse_origins(""))
    assert not nobody.allows("https://mentoring.example.nhs.uk")
