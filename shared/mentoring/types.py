"""Field types shared by request models: trimmed text, country codes, languages, timestamps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

from mentoring.clock import to_utc_text
from mentoring.countries import is_known_country, normalise_country
from mentoring.text import LINES, ONE_LINE, check_single_line, lines, one_line


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
