"""How each route describes itself in the OpenAPI document: area, summary, statuses, errors.

Routes pass `**operation(...)` to their Powertools decorator. The document then says what the
route really answers: its success status and body (from the route's return type), every error
status it can answer with the contract's error body and the codes behind each status, and
whether it needs a Cognito ID token. Client generators and the fuzzers read it, so it is
written next to the code that decides those answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from mentoring.api.headers import answer_headers
from mentoring.config import MOST_WAITING_LISTS, SchemeRules
from mentoring.errors import (
    BadRequest,
    DomainError,
    PayloadTooLarge,
    RateLimited,
    ServiceUnavailable,
    Unauthenticated,
    ValidationFailed,
)
from mentoring.wording import in_words

API_TITLE = "IMG Peer Mentoring API"
SECURITY_SCHEME = "CognitoIdToken"
SECURITY_SCHEMES: dict[str, Any] = {
    SECURITY_SCHEME: {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "A Cognito ID token, with or without `Bearer ` in front.",
    }
}


class Area(StrEnum):
    """One tag per area of the API, in the order the docs page lists them."""

    REGISTRATION = "Scheme and registration"
    DIRECTORY = "Mentor directory"
    REQUESTS = "Match requests"
    WAITING_LISTS = "Waiting lists"
    MATCHES = "Matches"
    SESSIONS = "Sessions"
    MEETINGS = "Meetings"
    EVALUATION = "Evaluation and feedback"
    CONCERNS = "Concerns"
    YOUR_DATA = "Your data"
    ADMINISTRATION = "Administration"
    LINKS = "One-click links"


def area_descriptions(rules: SchemeRules) -> dict[Area, str]:
    """Each area in a sentence, with the scheme's numbers as deployed."""
    return {
        Area.REGISTRATION: "The scheme's rules, registering as a mentee or mentor, your profiles.",
        Area.DIRECTORY: "Approved peer mentors with room for a new mentee (public fields only).",
        Area.REQUESTS: "Asking a mentor for a match; the mentor accepts or declines.",
        Area.WAITING_LISTS: f"Waiting for a full mentor's next place (up to "
        f"{in_words(MOST_WAITING_LISTS)} lists); an offered place is held for "
        f"{in_words(rules.hold_working_days)} working days.",
        Area.MATCHES: f"Mentoring relationships: up to {in_words(rules.sessions_limit)} sessions "
        "each.",
        Area.SESSIONS: "Confidential activity logs, and the mentee's own notes.",
        Area.MEETINGS: "Arranging meetings: propose, confirm or decline, cancel; calendar "
        "invitations.",
        Area.EVALUATION: "The mentee's evaluation; mentors' anonymous feedback.",
        Area.CONCERNS: "Raising a concern with the scheme administrator, confidentially; the "
        "administrator's response.",
        Area.YOUR_DATA: "A copy of everything stored about you, and erasing your account.",
        Area.ADMINISTRATION: "For scheme administrators: vetting mentors and the scheme report.",
        Area.LINKS: "The accept and decline links in mentors' emails (HTML pages, no token).",
    }


class ErrorDetail(BaseModel):
    """One reason: a field that failed validation, or an eligibility rule not met."""

    code: str
    message: str
    field: str | None = Field(default=None, description="The field, for validation errors")
    location: str | None = Field(
        default=None, description="body, query, path or header, for validation errors"
    )


class ErrorContent(BaseModel):
    code: str = Field(description="What went wrong, in snake_case; stable for clients")
    message: str = Field(description="A sentence for a person")
    details: list[ErrorDetail] = Field(description="At most 20 entries")
    more_details: int | None = Field(
        default=None, description="How many further details were left out, when over 20"
    )


class ErrorBody(BaseModel):
    """Every error the API answers has this body."""

    error: ErrorContent


_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed for your role",
    404: "Not found (or not yours to see)",
    409: "Conflict with the current state",
    410: "Gone",
    413: "Body too large",
    422: "Not valid",
    429: "Too many requests",
    503: "A dependency failed; nothing was changed, safe to retry",
}
_THROTTLED = "`rate_limited` (API Gateway's throttling)"


def _error_response(status: int, codes: list[str]) -> dict[str, Any]:
    return {
        "description": f"{_TITLES.get(status, 'Error')}: " + ", ".join(codes),
        "content": {"application/json": {"model": ErrorBody}},
    }


def _codes_by_status(errors: Iterable[type[DomainError]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for error in errors:
        codes = grouped.setdefault(error.status, [])
        if f"`{error.code}`" not in codes:
            codes.append(f"`{error.code}`")
    return grouped


def operation(  # noqa: PLR0913 - a route's description, each part named
    operation_id: str,
    summary: str,
    area: Area,
    *,
    status: int = 200,
    success: str = "Done",
    errors: Iterable[type[DomainError]] = (),
    description: str | None = None,
    validated: bool = True,
) -> dict[str, Any]:
    """Keyword arguments for a JSON route's decorator (a Cognito ID token required).

    `errors` are the domain errors the route can raise besides those every route can
    (400 malformed body, 401, 413, 429, 503); `validated` says whether it takes a path,
    query or body that can fail validation (422).
    """
    always: list[type[DomainError]] = [
        BadRequest,
        Unauthenticated,
        PayloadTooLarge,
        ServiceUnavailable,
    ]
    if validated:
        always.append(ValidationFailed)
    grouped = _codes_by_status([*always, *errors])
    grouped.setdefault(RateLimited.status, [])
    if _THROTTLED not in grouped[RateLimited.status]:
        grouped[RateLimited.status].append(_THROTTLED)
    responses: dict[int, Any] = {status: {"description": success}}
    if status == 204:
        responses[status]["content"] = {}
    for error_status, codes in sorted(grouped.items()):
        responses[error_status] = _error_response(error_status, codes)
    arguments: dict[str, Any] = {
        "operation_id": operation_id,
        "summary": summary,
        "tags": [area.value],
        "responses": responses,
        "security": [{SECURITY_SCHEME: []}],
        "status_code": status,
    }
    if description:
        arguments["description"] = description
    return arguments


def page_operation(
    operation_id: str,
    summary: str,
    area: Area,
    *,
    statuses: dict[int, str],
    description: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for a route that answers HTML pages and needs no token."""
    html = {"text/html": {"schema": {"type": "string"}}}
    arguments: dict[str, Any] = {
        "operation_id": operation_id,
        "summary": summary,
        "tags": [area.value],
        "responses": {
            status: {"description": meaning, "content": html}
            for status, meaning in sorted(statuses.items())
        },
    }
    if description:
        arguments["description"] = description
    return arguments


# ---- the headers every answer carries ------------------------------------------------------

_HEADER_PURPOSES = {
    "Cache-Control": "Answers hold personal data: no browser or proxy keeps them",
    "X-Content-Type-Options": "The declared type is the type",
    "X-Frame-Options": "Never shown inside another site's frame",
    "Referrer-Policy": "No address is passed on as a referrer",
    "Strict-Transport-Security": "HTTPS only",
    "Content-Security-Policy": "What a browser may load or run with this answer",
}
_JSON_ANSWER = answer_headers("application/json")
_PAGE_ANSWER = answer_headers("text/html")


def _component(header: str, value: str) -> str:
    """One component per header and value: a link page's own value is named Page..."""
    return ("" if _JSON_ANSWER[header] == value else "Page") + header.replace("-", "")


def header_components() -> dict[str, Any]:
    """`components.headers`: each header the answers carry, with its one value."""
    components = {
        _component(header, value): {
            "description": f"{_HEADER_PURPOSES[header]}: `{value}`",
            "required": True,
            "schema": {"type": "string", "const": value},
        }
        for answer in (_JSON_ANSWER, _PAGE_ANSWER)
        for header, value in answer.items()
    }
    return dict(sorted(components.items()))


def header_references(media_type: str | None) -> dict[str, Any]:
    """A response's `headers`: references to the components its answers carry."""
    return {
        header: {"$ref": f"#/components/headers/{_component(header, value)}"}
        for header, value in answer_headers(media_type).items()
    }
