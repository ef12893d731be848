"""The boundary every API request crosses before routing or validation: is its body sane JSON?

A body must be at most MAX_BODY_BYTES of UTF-8 holding one JSON document: no duplicate keys,
no NaN or Infinity, numbers of reasonable size, nesting at most MAX_DEPTH deep, and text
that is valid Unicode. Anything else is refused here, once for every function, as 400
`bad_request` (413 `payload_too_large` over the size limit), so that no body can reach the
validation middleware, a service or DynamoDB in a shape that would make them fail with a 500.
Every body the API takes is a JSON object, so any other document is 422 `validation_error`
here: Powertools' validation would read a JSON array as its first element, and so accept
`[{...}]` for `{...}`.

The body is then handed on as plain text, whatever Content-Type it came with: the API speaks
JSON only, and clients such as curl send form encoding by default. The exception is the HTML
pages behind emailed links, whose forms post `application/x-www-form-urlencoded`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qsl

from mentoring.errors import BadRequest, PayloadTooLarge, ValidationFailed

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32
MAX_NUMBER_CHARACTERS = 40
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

_NOT_UTF8 = "The request body is not valid UTF-8."
_NOT_JSON = "The request body is not valid JSON."


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        raise BadRequest("The request body repeats a field name.")
    return document


def _bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise BadRequest("The request body holds a number that is too long.")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise BadRequest("The request body holds a number that is too long.")
    return float(text)


def _no_constants(name: str) -> Any:
    raise BadRequest(f"{name} is not a JSON number.")


def _check_shape(document: Any) -> None:
    """Nesting depth and Unicode of every string, walked without recursion."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _require_unicode(value)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise BadRequest(f"The request body is nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, dict):
            for key, item in value.items():
                _require_unicode(key)
                pending.append((item, depth + 1))
        else:
            pending.extend((item, depth + 1) for item in value)


def _require_unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (e.g. "\ud800"): valid JSON escapes, but no character at all.
        raise BadRequest("The request body holds text that is not valid Unicode.") from None


def parse_json(text: str) -> Any:
    """One JSON document under this module's rules; BadRequest otherwise."""
    try:
        document = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constants,
        )
    except RecursionError:
        raise BadRequest(f"The request body is nested more than {MAX_DEPTH} levels deep.") from None
    except ValueError:
        raise BadRequest(_NOT_JSON) from None
    _check_shape(document)
    return document


def body_bytes(event: dict[str, Any]) -> bytes | None:
    """The raw body API Gateway received, whether it arrived as text or base64."""
    body = event.get("body")
    if body is None or body == "":
        return None
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(str(body), validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("The request body is not valid base64.") from None
    return str(body).encode("utf-8", errors="surrogatepass")


def parse_form(text: str) -> dict[str, str]:
    """A URL-encoded form (an HTML page's POST): each field once, valid Unicode."""
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The form could not be read.") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise BadRequest("The form repeats a field.")
    for name, value in form.items():
        _require_unicode(name)
        _require_unicode(value)
    return form


def checked_event(event: dict[str, Any], *, form: bool = False) -> dict[str, Any]:
    """The event with its body as checked text, or BadRequest / PayloadTooLarge /
    ValidationFailed.

    A JSON route's body must be a JSON object (and is marked as JSON); a page's (`form`) must
    be a URL-encoded form.
    """
    raw = body_bytes(event)
    if raw is None:
        return event
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The request body is over the limit of {MAX_BODY_BYTES // 1024} KB.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(_NOT_UTF8) from None
    if form:
        parse_form(text)
    elif not isinstance(parse_json(text), dict):
        raise ValidationFailed.on(
            "body", "model_attributes_type", "The request body should be a JSON object."
        )
    headers = _with_content_type(event, FORM if form else JSON)
    return {**event, "body": text, "isBase64Encoded": False, **headers}


def _with_content_type(event: dict[str, Any], content_type: str) -> dict[str, Any]:
    """Headers naming the body's real type, so Powertools' validation reads it as that."""
    headers = {
        name: value
        for name, value in (event.get("headers") or {}).items()
        if name.lower() != "content-type"
    }
    headers["content-type"] = content_type
    multi = {
        name: values
        for name, values in (event.get("multiValueHeaders") or {}).items()
        if name.lower() != "content-type"
    }
    multi["content-type"] = [content_type]
    return {"headers": headers, "multiValueHeaders": multi}
