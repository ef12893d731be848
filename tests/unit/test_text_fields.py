"""Text fields, for any text at all: single-line and multi-line rules (property-based)."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from mentoring.domain.fields import (
    LINES,
    MULTI_LINE_PATTERN,
    ONE_LINE,
    SINGLE_LINE_PATTERN,
    lines,
    one_line,
)

SingleLine: TypeAdapter[str] = TypeAdapter(Annotated[str, one_line(200, min_length=0), ONE_LINE])
MultiLine: TypeAdapter[str] = TypeAdapter(Annotated[str, lines(200), LINES])
BIDI_AND_ZERO_WIDTH = set(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def forbidden_in_one_line(character: str) -> bool:
    return (
        unicodedata.category(character) == "Cc"
        or character in BIDI_AND_ZERO_WIDTH
        or character in "\u2028\u2029"
    )


def accepted(adapter: TypeAdapter[str], value: str) -> str | None:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


# Any text: letters of every script, emoji, and the characters the rules are about.
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([*sorted(BIDI_AND_ZERO_WIDTH), "\n", "\r", "\t", "\x00", "\u2028"]),
    ),
    max_size=60,
)


@settings(max_examples=400)
@given(texts)
def test_one_line_accepts_exactly_the_text_without_forbidden_characters(value: str) -> None:
    stored = accepted(SingleLine, value)
    if any(forbidden_in_one_line(character) for character in value):
        assert stored is None
    else:
        assert stored == value.strip()


@settings(max_examples=400)
@given(texts)
def test_lines_keep_line_breaks_as_lf_and_refuse_every_other_forbidden_character(
    value: str,
) -> None:
    stored = accepted(MultiLine, value)
    normalised = value.replace("\r\n", "\n").replace("\r", "\n")
    if any(forbidden_in_one_line(c) and c != "\n" for c in normalised):
        assert stored is None
    else:
        assert stored == normalised.strip()
        assert "\r" not in stored


@given(texts)
def test_the_documented_pattern_is_the_rule(value: str) -> None:
    # What clients read in the API document decides exactly as the API does.
    assert (re.fullmatch(SINGLE_LINE_PATTERN, value) is not None) == (
        accepted(SingleLine, value) is not None or len(value.strip()) > 200
    )
    normalised = value.replace("\r\n", "\n").replace("\r", "\n")
    assert (re.fullmatch(MULTI_LINE_PATTERN, normalised) is not None) == (
        accepted(MultiLine, value) is not None
    )
