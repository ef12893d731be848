"""The boundary: only sane JSON (or, for link pages, a form) gets past it."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from mentoring.api.body import MAX_BODY_BYTES, MAX_DEPTH, checked_event, parse_json
from mentoring.errors import BadRequest, PayloadTooLarge, ValidationFailed


def event(
    body: str | None, *, base64_encoded: bool = False, content_type: str = ""
) -> dict[str, Any]:
    headers = {"Content-Type": content_type} if content_type else {}
    return {
        "body": body,
        "isBase64Encoded": base64_encoded,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
    }


def raw(data: bytes) -> dict[str, Any]:
    """A body API Gateway passed on as base64 (bytes that are not text)."""
    return event(base64.b64encode(data).decode(), base64_encoded=True)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"name": "\xff"}', "not valid UTF-8"),
        (b"\xc0\xaf", "not valid UTF-8"),  # an overlong encoding of "/"
        ('{"name": "A"}'.encode("utf-16"), "not valid UTF-8"),
        (b"\xed\xa0\x80", "not valid UTF-8"),  # a UTF-8-encoded surrogate
    ],
)
def test_bytes_that_are_not_utf8_are_bad_requests(data: bytes, reason: str) -> None:
    with pytest.raises(BadRequest, match=reason):
        checked_event(raw(data))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not valid JSON"),
        ("name=Dr+A", "not valid JSON"),
        ('{"a": NaN}', "not a JSON number"),
        ('{"a": Infinity}', "not a JSON number"),
        ('{"a": 1' + "0" * 5000 + "}", "number that is too long"),
        ('{"a": 1.' + "5" * 100 + "}", "number that is too long"),
        ("[" * 30_000 + "]" * 30_000, "nested"),
        ('{"a":' * 10_000 + "1" + "}" * 10_000, "nested"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested"),
        ('{"name": "A", "name": "B"}', "repeats a field"),
        ('{"name": "\\ud800"}', "not valid Unicode"),
        ('{"\\udfff": 1}', "not valid Unicode"),
    ],
)
def test_text_that_is_not_sane_json_is_a_bad_request(text: str, reason: str) -> None:
    with pytest.raises(BadRequest, match=reason):
        checked_event(event(text))


@pytest.mark.parametrize("text", ['[{"name": "Dr A"}]', "[]", '"Dr A"', "42", "true", "null"])
def test_a_json_body_that_is_not_an_object_fails_validation(text: str) -> None:
    # Powertools would read an array as its first element: [{...}] must not pass for {...}.
    with pytest.raises(ValidationFailed) as refused:
        checked_event(event(text))
    assert refused.value.details == [
        {
            "field": "body",
            "location": "body",
            "code": "model_attributes_type",
            "message": "The request body should be a JSON object.",
        }
    ]


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(text) is not None


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"bio": "x" * MAX_BODY_BYTES}),
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 20_000 + "1" + "}" * 20_000,
    ],
)
def test_a_body_over_the_limit_is_413_whatever_it_holds(body: str) -> None:
    with pytest.raises(PayloadTooLarge, match="64 KB"):
        checked_event(event(body))


def test_a_good_body_is_handed_on_as_json_whatever_its_content_type() -> None:
    checked = checked_event(
        event('{"name": "Dr A"}', content_type="application/x-www-form-urlencoded")
    )
    assert checked["body"] == '{"name": "Dr A"}'
    assert checked["headers"]["content-type"] == "application/json"
    assert checked["multiValueHeaders"]["content-type"] == ["application/json"]
    assert "Content-Type" not in checked["headers"]


def test_a_base64_body_is_decoded_to_text() -> None:
    checked = checked_event(raw('{"name": "Dr Ọlá"}'.encode()))
    assert (checked["body"], checked["isBase64Encoded"]) == ('{"name": "Dr Ọlá"}', False)


def test_no_body_is_left_alone() -> None:
    assert checked_event(event(None)) == event(None)
    assert checked_event(event("")) == event("")


def test_a_page_takes_a_form_and_nothing_else() -> None:
    checked = checked_event(event("reason=On+leave", content_type="text/plain"), form=True)
    assert checked["headers"]["content-type"] == "application/x-www-form-urlencoded"
    with pytest.raises(BadRequest, match="repeats"):
        checked_event(event("reason=a&reason=b"), form=True)
    with pytest.raises(BadRequest, match="could not be read"):
        checked_event(event("reason=%FF"), form=True)
