"""Field types shared by request models: trimmed text, country codes, languages, timestamps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, StringConstraints

from mentoring.clock import to_utc_text
from mentoring.countries import is_known_country, normalise_country


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


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Bio = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


def _lower_text(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


RegionId = Annotated[
    str,
    BeforeValidator(_lower_text),
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$", max_length=64),
]
CountryCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=6),
    AfterValidator(_country),
]
RegistrationNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9]{4,12}$")
]
Language = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Languages = Annotated[
    list[Language], Field(min_length=1, max_length=10), AfterValidator(_unique_languages)
]
CodeOfPracticeVersion = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)
]
Capacity = Annotated[int, Field(strict=True, ge=1, le=5)]
UtcTimestamp = Annotated[datetime, PlainSerializer(to_utc_text, return_type=str)]
