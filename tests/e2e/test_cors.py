"""Web apps on other origins: preflights, CORS on every answer, nothing for unlisted origins.

Locally every http://localhost:<port> and http://127.0.0.1:<port> origin is allowed.
"""

from __future__ import annotations

import pytest

from tests.support.bodies import mentee_body
from tests.support.clients import Client
from tests.support.http import HttpAnswer, request
from tests.support.stack import RunningStack

WEB_APP = "http://localhost:5173"
ELSEWHERE = "https://evil.example"


def preflight(stack: RunningStack, path: str, method: str, origin: str) -> HttpAnswer:
    return request(
        "OPTIONS",
        stack.api_url + path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
        },
    )


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/scheme", "GET"),
        ("/mentees", "POST"),
        ("/mentors", "GET"),
        ("/mentors", "POST"),
        ("/me", "DELETE"),
        ("/match-requests", "POST"),
        ("/matches/any-id/sessions", "POST"),
        ("/matches/any-id/sessions/1/mentee-notes", "PUT"),
        ("/admin/reports/summary", "GET"),
    ],
)
def test_a_preflight_is_answered_without_a_token(
    stack: RunningStack, path: str, method: str
) -> None:
    answer = preflight(stack, path, method, WEB_APP)

    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == WEB_APP
    assert method in answer.headers["Access-Control-Allow-Methods"].split(",")
    allowed = answer.headers["Access-Control-Allow-Headers"].lower().split(",")
    assert {"authorization", "content-type", "idempotency-key"} <= set(allowed)
    assert "Origin" in answer.headers["Vary"]


def test_a_preflight_from_an_unlisted_origin_gets_no_cors_headers(stack: RunningStack) -> None:
    answer = preflight(stack, "/me", "GET", ELSEWHERE)
    assert not [name for name in answer.headers if name.lower().startswith("access-control")]


def test_successes_and_function_errors_carry_cors_for_an_allowed_origin(
    new_user: object, stack: RunningStack, demo_mentee: Client
) -> None:
    ok = demo_mentee.call("GET", "/me", headers={"Origin": "http://127.0.0.1:8080"})
    invalid = demo_mentee.call(
        "PATCH", "/me/mentee", {"languages": []}, headers={"Origin": WEB_APP}
    )
    for answer, origin in ((ok, "http://127.0.0.1:8080"), (invalid, WEB_APP)):
        assert answer.headers["Access-Control-Allow-Origin"] == origin
        assert answer.headers["Vary"] == "Origin"
        assert answer.headers["Cache-Control"] == "no-store"
    assert invalid.status == 422


def test_the_gateways_own_answers_carry_cors_too(stack: RunningStack) -> None:
    no_token = request("GET", stack.api_url + "/me", headers={"Origin": WEB_APP})
    unknown = request("GET", stack.api_url + "/nowhere", headers={"Origin": WEB_APP})
    for answer, status in ((no_token, 401), (unknown, 404)):
        assert answer.status == status
        assert answer.headers["Access-Control-Allow-Origin"] == WEB_APP
        assert answer.headers["Cache-Control"] == "no-store"


def test_no_answer_names_an_unlisted_origin(stack: RunningStack, demo_mentee: Client) -> None:
    answers = [
        request("GET", stack.api_url + "/me", headers={"Origin": ELSEWHERE}),
        demo_mentee.call("GET", "/me", headers={"Origin": ELSEWHERE}),
        demo_mentee.call("POST", "/mentees", mentee_body(), headers={"Origin": ELSEWHERE}),
    ]
    for answer in answers:
        assert "Access-Control-Allow-Origin" not in answer.headers
        assert answer.headers["Vary"] == "Origin"
