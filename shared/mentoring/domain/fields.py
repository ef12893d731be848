"""What a request field may hold: text rules, and the field types built on them.

Text fields are what they claim to be: one line, or lines, of visible text. A name, grade,
site, reason or other single-line field may hold no control characters (line breaks
included), no bidirectional-control characters (which can make "Dr A" display as something
else) and no zero-width characters (which make two different names look alike). A multi-line
field (message, bio, summary, notes...) may hold line breaks (CRLF and CR are stored as LF),
and nothing else of those. Both are refused with 422 naming the field.

The same rule is the field's `pattern` in the API document, so clients and fuzzers see it.
Surrounding spaces are trimmed; the length limits apply to what is stored. The field types
(names, country codes, languages, timestamps) follow.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

from mentoring.clock import to_utc_text
from mentoring.domain.countries import is_known_country, normalise_country

# Written once for JSON Schema (ECMA-262), pydantic-core and Python's re alike.
_INVISIBLE = (
    "\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff"  # bidi, zero-width
)
SINGLE_LINE_PATTERN = f"^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_INVISIBLE}]*$"
MULTI_LINE_PATTERN = f"^[^\\x00-\\x09\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029{_INVISIBLE}]*$"
# fullmatch, not match: Python's `$` would also match before a final line break.
_SINGLE_LINE = re.compile(SINGLE_LINE_PATTERN)
_MULTI_LINE = re.compile(MULTI_LINE_PATTERN)

SINGLE_LINE_RULE = "must be one line of visible text (no control, bidi or zero-width characters)"
MULTI_LINE_RULE = "may hold line breaks, but no other control, bidi or zero-width characters"


def check_single_line(value: Any) -> Any:
    if isinstance(value, str) and not _SINGLE_LINE.fullmatch(value):
        raise ValueError(SINGLE_LINE_RULE)
    return value


def check_multi_line(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if not _MULTI_LINE.fullmatch(value):
            raise ValueError(MULTI_LINE_RULE)
    return value


def is_single_line(text: str) -> bool:
    return bool(_SINGLE_LINE.fullmatch(text))


# Use as `Annotated[str, one_line(max_length=120), ONE_LINE]`. A before-validator listed last
# runs first: the raw value is checked, then trimmed, measured and matched to the pattern.
ONE_LINE = BeforeValidator(check_single_line)
LINES = BeforeValidator(check_multi_line)


def one_line(max_length: int, min_length: int = 1) -> StringConstraints:
    """Limits of a single-line field (after trimming), with its pattern for the document."""
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=SINGLE_LINE_PATTERN,
    )


def lines(max_length: int, min_length: int = 0) -> StringConstraints:
    """Limits of a multi-line field (after trimming), with its pattern for the document."""
    return StringConstraints(
        strip_whitespace=True,
        min_length=min_length,
        max_length=max_length,
        pattern=MULTI_LINE_PATTERN,
    )


# ---- field types ----------------------------------------------------------------------


class Profession(StrEnum):
    DOCTOR = "doctor"
    DENTIST = "dentist"


def _country(code: str) -> str:
    code = normalise_country(code)
    if not is_known_country(code):
        raise ValueError("must be an ISO 3166-1 alpha-2 country code, such as NG or IN")
    return code


def _unique_languages(languages: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for language in languages:
        if language.casefold() not in seen:
            seen.add(language.casefold())
            unique.append(language)
    return unique


Name = Annotated[str, one_line(120), ONE_LINE]
ShortText = Annotated[str, one_line(120), ONE_LINE]
Bio = Annotated[str, lines(2000), LINES]
# A concern's description, and the administrator's response to it.
ConcernText = Annotated[str, lines(4000, min_length=1), LINES]


def _lower_text(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


RegionId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$", max_length=64),
    BeforeValidator(_lower_text),
    BeforeValidator(check_single_line),  # listed last, so it sees the raw value first
]
CountryCode = Annotated[
    str,
    BeforeValidator(check_single_line),
    StringConstraints(strip_whitespace=True, min_length=2, max_length=6),
    AfterValidator(_country),
]
# The pattern is the whole rule: nothing is trimmed first, so "1234567\n" is refused.
RegistrationNumber = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{4,12}$")]
Language = Annotated[str, one_line(40), ONE_LINE]
Languages = Annotated[
    list[Language], Field(min_length=1, max_length=10), AfterValidator(_unique_languages)
]
CodeOfPracticeVersion = Annotated[str, one_line(40), ONE_LINE]
Capacity = Annotated[int, Field(strict=True, ge=1, le=5)]
UtcTimestamp = Annotated[datetime, PlainSerializer(to_utc_text, return_type=str)]
