"""Hostile input on every write route: the contract's 4xx, a bounded body, nothing written.

Each body below is sent to each function's write routes through its lambda_handler, as API
Gateway would deliver it. None may answer 5xx, and the table must read the same afterwards.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from tests.conftest import TABLE_NAME
from tests.handlers.test_boundary import WRITE_ROUTES
from tests.support.bodies import mentee_body
from tests.support.lambdas import event, invoke, load_function

Body = tuple[str, bool]  # (the body as API Gateway passes it, whether it is base64)


def text(body: str) -> Body:
    return body, False


def raw(data: bytes) -> Body:
    return base64.b64encode(data).decode(), True


HOSTILE: dict[str, tuple[Body, int, str]] = {
    "invalid UTF-8": (raw(b'{"name": "Dr \xff"}'), 400, "bad_request"),
    "overlong UTF-8": (raw(b'{"name": "Dr \xc0\xaf"}'), 400, "bad_request"),
    "UTF-16": (raw('{"name": "Dr A"}'.encode("utf-16")), 400, "bad_request"),
    "a lone surrogate": (text('{"name": "Dr \\ud800"}'), 400, "bad_request"),
    "not JSON": (text("name=Dr+A&grade=CT1"), 400, "bad_request"),
    "truncated JSON": (text('{"name": "Dr A"'), 400, "bad_request"),
    "NaN": (text('{"capacity": NaN}'), 400, "bad_request"),
    "a 5,000-digit integer": (text('{"capacity": ' + "9" * 5000 + "}"), 400, "bad_request"),
    "duplicate keys": (text('{"name": "Dr A", "name": "Dr B"}'), 400, "bad_request"),
    "30,000 nested arrays": (text("[" * 30_000 + "]" * 30_000), 400, "bad_request"),
    "10,000 nested objects": (text('{"a":' * 10_000 + "1" + "}" * 10_000), 400, "bad_request"),
    "100,000 nested arrays": (text("[" * 100_000 + "]" * 100_000), 413, "payload_too_large"),
    "a 100 kB string": (text(json.dumps({"bio": "x" * 100_000})), 413, "payload_too_large"),
    "a JSON array": (text("[1, 2, 3]"), 422, "validation_error"),
    "a JSON string": (text('"hello"'), 422, "validation_error"),
    "null": (text("null"), 422, "validation_error"),
    "wrong types": (
        text(json.dumps({key: [1] for key in mentee_body()})),
        422,
        "validation_error",
    ),
    "nulls": (text(json.dumps(dict.fromkeys(mentee_body()))), 422, "validation_error"),
    "unknown fields": (
        text(json.dumps({f"field_{n}": n for n in range(3000)})),
        422,
        "validation_error",
    ),
}


def table_contents(aws: Any) -> list[dict[str, Any]]:
    # A scan in a test only: it shows everything that was (or was not) written.
    items: list[dict[str, Any]] = aws.scan(TableName=TABLE_NAME)["Items"]
    return sorted(items, key=lambda item: (item["PK"]["S"], item["SK"]["S"]))


@pytest.mark.parametrize(("function", "sample"), WRITE_ROUTES)
def test_hostile_bodies_get_the_contracts_answer_and_write_nothing(
    aws: Any, function: str, sample: str
) -> None:
    handler = load_function(function)
    before = table_contents(aws)
    for name, ((body, is_base64), status, code) in HOSTILE.items():
        hostile = event(sample)
        hostile["body"], hostile["isBase64Encoded"] = body, is_base64

        answer = invoke(handler, hostile)

        # A route whose body is optional (decline) reads valid JSON of another shape as no
        # reason at all, or says what is wrong: either way a 4xx or its own refusal.
        assert 400 <= answer.status < 500, (name, answer.text)
        if not (sample == "matching/post_decline" and status == 422):
            assert (answer.status, answer.error_code) == (status, code), (name, answer.text)
        assert set(answer.body["error"]) <= {"code", "message", "details", "more_details"}
        assert len(answer.body["error"]["details"]) <= 20, name
        assert len(answer.text) < 10_000, name
        assert table_contents(aws) == before, name


@pytest.mark.parametrize(("function", "sample"), WRITE_ROUTES)
def test_a_valid_body_wrapped_in_an_array_is_refused_and_writes_nothing(
    aws: Any, function: str, sample: str
) -> None:
    # Given the route's own valid sample body, inside a JSON array
    wrapped = event(sample)
    wrapped["body"] = json.dumps([json.loads(wrapped["body"] or "{}")])
    before = table_contents(aws)

    # When it is sent
    answer = invoke(load_function(function), wrapped)

    # Then it is the contract's 422 about the body, and nothing is written
    assert (answer.status, answer.error_code) == (422, "validation_error"), answer.text
    assert [d["field"] for d in answer.body["error"]["details"]] == ["body"]
    assert table_contents(aws) == before


def test_thousands_of_unknown_fields_get_twenty_details_and_a_count(aws: Any) -> None:
    body = {f"unknown_{n}": n for n in range(3000)}
    answer = invoke(load_function("registration"), event("registration/patch_me_mentee", body=body))

    assert answer.status == 422
    error = answer.body["error"]
    assert len(error["details"]) == 20
    assert error["more_details"] == 3000 - 20
    assert len(answer.text) < 5_000


SINGLE_LINE_FIELDS = ["name", "grade", "specialty", "placement_site", "code_of_practice_version"]
TRICKS = {
    "a line break": "Dr A\r\nBcc: x@evil.example",
    "a NUL": "Dr A\x00",
    "a tab": "Dr\tA",
    "right-to-left override": "Dr \u202eA",
    "a zero-width space": "Dr\u200bA",
    "a byte-order mark": "\ufeffDr A",
    "a line separator": "Dr A\u2028B",
}


@pytest.mark.parametrize("field", SINGLE_LINE_FIELDS)
@pytest.mark.parametrize("trick", list(TRICKS))
def test_single_line_fields_refuse_invisible_and_control_characters(
    aws: Any, field: str, trick: str
) -> None:
    answer = invoke(
        load_function("registration"),
        event("registration/post_mentees", body=mentee_body(**{field: TRICKS[trick]})),
    )
    assert (answer.status, answer.error_code) == (422, "validation_error")
    assert [detail["field"] for detail in answer.body["error"]["details"]] == [field]
    assert table_contents(aws) == []


def test_a_registration_number_is_exactly_its_pattern(aws: Any) -> None:
    for number in ("1234567\n", " 1234567", "1234567 ", "123", "ABCDEFGHIJKLM", "12-3456"):
        answer = invoke(
            load_function("registration"),
            event("registration/post_mentees", body=mentee_body(registration_number=number)),
        )
        assert answer.status == 422, number
        assert answer.body["error"]["details"][0]["field"] == "registration_number"


def test_multi_line_fields_keep_line_breaks_and_refuse_other_controls(aws: Any) -> None:
    registration = load_function("registration")
    tab = invoke(
        registration, event("registration/post_mentees", body=mentee_body(bio="Hello\tthere"))
    )
    assert [d["field"] for d in tab.body["error"]["details"]] == ["bio"]

    kept = invoke(
        registration,
        event("registration/post_mentees", body=mentee_body(bio="First line\r\nSecond line")),
    )
    assert kept.status == 201
    assert kept.body["bio"] == "First line\nSecond line"
