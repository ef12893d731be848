"""What every API function does before its routes run: the body gate, CORS, cache headers."""

from __future__ import annotations

import base64
from types import ModuleType
from typing import Any

import pytest

from tests.support.lambdas import Answer, event, invoke, load_function

# Every route that takes a body, by its sample event.
WRITE_ROUTES = [
    ("registration", "registration/post_mentees"),
    ("registration", "registration/post_mentors"),
    ("registration", "registration/patch_me_mentee"),
    ("registration", "registration/patch_me_mentor"),
    ("matching", "matching/post_match_requests"),
    ("matching", "matching/post_decline"),
    ("sessions", "sessions/post_session"),
    ("sessions", "sessions/put_mentee_notes"),
    ("evaluation", "evaluation/post_evaluation"),
]
WEB_APP = "http://localhost:5173"


def with_raw_body(name: str, data: bytes, **headers: str) -> dict[str, Any]:
    built = event(name, headers=headers)
    built["body"] = base64.b64encode(data).decode()
    built["isBase64Encoded"] = True
    return built


@pytest.mark.parametrize(("function", "sample"), WRITE_ROUTES)
def test_a_body_that_is_not_utf8_is_400_on_every_write_route(
    aws: Any, function: str, sample: str
) -> None:
    answer = invoke(
        load_function(function), with_raw_body(sample, b'{"name": "\xff\xfe"}', Origin=WEB_APP)
    )

    assert answer.status == 400
    assert answer.body == {
        "error": {
            "code": "bad_request",
            "message": "The request body is not valid UTF-8.",
            "details": [],
        }
    }
    assert answer.headers["Access-Control-Allow-Origin"] == WEB_APP
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("function", "sample"), WRITE_ROUTES)
def test_a_body_over_64_kb_is_413_on_every_write_route(
    aws: Any, function: str, sample: str
) -> None:
    answer = invoke(load_function(function), event(sample, raw_body='"' + "x" * 70_000 + '"'))
    assert (answer.status, answer.error_code) == (413, "payload_too_large")


@pytest.mark.parametrize(
    ("function", "sample"),
    [
        ("registration", "registration/get_me"),
        ("directory", "directory/get_mentors"),
        ("matching", "matching/get_matches"),
        ("sessions", "sessions/get_sessions"),
        ("evaluation", "evaluation/get_mentor_feedback"),
    ],
)
def test_each_function_answers_a_preflight_without_a_token(
    aws: Any, function: str, sample: str
) -> None:
    preflight = event(
        sample,
        claims=None,
        method="OPTIONS",
        headers={"Origin": WEB_APP, "Access-Control-Request-Method": "GET"},
    )

    answer = invoke(load_function(function), preflight)

    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == WEB_APP
    assert "GET" in answer.headers["Access-Control-Allow-Methods"]
    assert answer.headers["Vary"] == "Origin"


def test_every_answer_says_not_to_store_it(registration: ModuleType) -> None:
    answers = [
        invoke(registration, event("registration/get_me")),
        invoke(registration, event("registration/get_me", claims=None)),
        invoke(registration, event("registration/post_mentees", body={"name": ""})),
    ]
    assert [answer.status for answer in answers] == [200, 401, 422]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Vary"] == "Origin"
        assert "Access-Control-Allow-Origin" not in answer.headers  # no Origin was sent


def policy(answer: Answer) -> dict[str, str]:
    """The Content-Security-Policy as directive -> sources."""
    directives = (part.strip() for part in answer.headers["Content-Security-Policy"].split(";"))
    return {name: sources for name, _, sources in (d.partition(" ") for d in directives if d)}


def test_every_json_answer_forbids_sniffing_framing_and_loading(
    registration: ModuleType,
) -> None:
    answers = [
        invoke(registration, event("registration/get_me")),
        invoke(registration, event("registration/get_me", claims=None)),
        invoke(registration, event("registration/post_mentees", body={"name": ""})),
        invoke(registration, with_raw_body("registration/post_mentees", b"\xff")),
    ]
    assert [answer.status for answer in answers] == [200, 401, 422, 400]
    for answer in answers:
        assert answer.headers["Content-Type"] == "application/json"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert policy(answer) == {"default-src": "'none'", "frame-ancestors": "'none'"}


def test_a_link_page_may_style_itself_and_post_its_form_but_nothing_more(
    matching: ModuleType,
) -> None:
    pages = [
        invoke(
            matching, event("matching/get_action", path_parameters={"token": token}, claims=None)
        )
        for token in ("not-a-token", "bm90LWEtdG9rZW4.c2lnbmF0dXJl")
    ]
    # Refused at the boundary, before any route runs: a page all the same.
    too_much = "reason=" + "x" * 70_000
    pages.append(
        invoke(
            matching,
            event(
                "matching/post_action",
                path_parameters={"token": "not-a-token"},
                claims=None,
                raw_body=too_much,
            ),
        )
    )
    assert [page.status for page in pages] == [400, 400, 413]
    for page in pages:
        assert page.headers["Content-Type"].startswith("text/html")
        assert policy(page) == {
            "default-src": "'none'",
            "style-src": "'unsafe-inline'",
            "form-action": "'self'",
            "frame-ancestors": "'none'",
            "base-uri": "'none'",
        }
        # The page's address is its token: it is never sent on as a referrer.
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["X-Frame-Options"] == "DENY"


def test_scheme_answers_the_deployed_response_deadline(
    aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_WORKING_DAYS", "7")
    answer = invoke(load_function("registration"), event("registration/get_scheme"))
    assert answer.body["response_working_days"] == 7
