"""Text fields are what they claim to be: one line, or lines, of visible text.

A name, grade, site, reason or other single-line field may hold no control characters (line
breaks included), no bidirectional-control characters (which can make "Dr A" display as
something else) and no zero-width characters (which make two different names look alike).
A multi-line field (message, bio, summary, notes...) may hold line breaks (CRLF and CR are
stored as LF), and nothing else of those. Both are refused with 422 naming the field.

The same rule is the field's `pattern` in the API document, so clients and fuzzers see it.
Surrounding spaces are trimmed; the length limits apply to what is stored.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BeforeValidator, StringConstraints

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
