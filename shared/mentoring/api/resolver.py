"""HTTP plumbing shared by every API function: one resolver factory, errors mapped once.

Every failure leaves as the contract's body {"error": {"code", "message", "details"}}:
domain errors with their own status, request validation as 422, a body that is not sane
JSON as 400 (413 when too large; decided in mentoring.api.body before anything else),
an unknown route as 404, and anything unexpected as a 500 without a stack trace. Every
answer carries `Cache-Control: no-store`, `Vary: Origin` and the security headers of
mentoring.api.headers, and the CORS headers of mentoring.api.cors for an allowed origin.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from mentoring.api.body import checked_event
from mentoring.api.cors import OriginPolicy, parse_origins
from mentoring.api.document import API_TITLE, SECURITY_SCHEMES
from mentoring.api.headers import answer_headers
from mentoring.errors import BadRequest, DomainError
from mentoring.observability import logger, metrics

_MALFORMED_BODY_TYPES = frozenset({"json_invalid", "unsupported_content_type"})
_VALUE_ERROR_PREFIX = "Value error, "
MAX_DETAILS = 20
MAX_MESSAGE_CHARACTERS = 300
HTML = "text/html; charset=utf-8"


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None, more: int = 0
) -> dict[str, Any]:
    """The contract's error body, bounded: at most MAX_DETAILS details, a short message."""
    details = details or []
    error: dict[str, Any] = {
        "code": code,
        "message": message[:MAX_MESSAGE_CHARACTERS],
        "details": details[:MAX_DETAILS],
    }
    left_out = more + max(0, len(details) - MAX_DETAILS)
    if left_out:
        error["more_details"] = left_out
    return {"error": error}


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    more: int = 0,
) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=error_body(code, message, details, more),
    )


def _field_detail(error: dict[str, Any]) -> dict[str, Any]:
    """One validation failure as a detail: where, which field, why. Never the input value."""
    location, *path = error.get("loc") or ("body",)
    message = str(error.get("msg") or "Invalid value").removeprefix(_VALUE_ERROR_PREFIX)
    return {
        "field": ".".join(str(part) for part in path) or str(location),
        "location": str(location),
        "code": str(error.get("type", "invalid")),
        "message": message[:MAX_MESSAGE_CHARACTERS],
    }


def _on_domain_error(error: DomainError) -> Response[Any]:
    logger.info("Request refused", error_code=error.code, status=error.status)
    return error_response(error.status, error.code, error.message, error.details)


def _on_validation_error(error: RequestValidationError) -> Response[Any]:
    errors = list(error.errors())
    if any(e.get("type") in _MALFORMED_BODY_TYPES for e in errors):
        return error_response(400, "bad_request", "The request body is not valid JSON.")
    # Only the details shown are formatted: a body with thousands of bad fields costs little.
    details = [_field_detail(e) for e in errors[:MAX_DETAILS]]
    logger.info(
        "Request failed validation", fields=[d["field"] for d in details], count=len(errors)
    )
    return error_response(
        422, "validation_error", "Some fields are not valid.", details, len(errors) - len(details)
    )


def _on_unexpected(error: Exception) -> Response[Any]:
    # The message of an unexpected error may quote stored data, so only its type and the
    # frames are logged; the caller sees a generic body.
    logger.error(
        "Unhandled error",
        error_type=type(error).__name__,
        frames=traceback.format_tb(error.__traceback__),
    )
    return error_response(
        HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side."
    )


def cors_policy(allowed_origins: str) -> OriginPolicy:
    return OriginPolicy(parse_origins(allowed_origins))


# Renders a refused request as a page, for routes whose callers are browsers following links.
PageForError = Callable[[DomainError], tuple[int, str]]


class MentoringResolver(APIGatewayRestResolver):
    """Powertools' REST resolver, knowing its CORS policy and which resources answer pages."""

    def __init__(self, cors: OriginPolicy, pages: dict[str, PageForError]):
        super().__init__(enable_validation=True, cors=cors)
        self.cors_policy = cors
        self.pages = pages

    def page_for(self, resource: str | None) -> PageForError | None:
        return self.pages.get(resource or "")


def make_resolver(
    allowed_origins: str, pages: dict[str, PageForError] | None = None
) -> MentoringResolver:
    """The resolver every API function uses: validation on, CORS for the allowed origins
    (preflights answered 204), every error in the contract's body.

    `pages` names the resources that answer HTML pages (forms post to them) and how each
    shows a refused request."""
    app = MentoringResolver(cors_policy(allowed_origins), pages or {})
    app.configure_openapi(title=API_TITLE, security_schemes=SECURITY_SCHEMES)
    app.exception_handler(DomainError)(_on_domain_error)
    app.exception_handler(RequestValidationError)(_on_validation_error)

    @app.not_found
    def _on_not_found(_: NotFoundError) -> Response[Any]:
        page = app.page_for(app.current_event.resource)
        if page is not None:
            # Powertools routes only word-like path values; anything else is not our token.
            return html_response(*page(BadRequest("This link is not valid.")))
        return error_response(404, "not_found", "No such resource.")

    app.exception_handler(Exception)(_on_unexpected)
    return app


def html_response(status: int, page: str) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=HTML,
        body=page,
        headers={"X-Robots-Tag": "noindex"},
    )


def created(body: BaseModel | dict[str, Any]) -> Response[Any]:
    return Response(
        status_code=HTTPStatus.CREATED,
        content_type=content_types.APPLICATION_JSON,
        body=body.model_dump(mode="json") if isinstance(body, BaseModel) else body,
    )


LambdaHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def _header(event: dict[str, Any], name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name:
            return str(value)
    return None


def _refused(
    event: dict[str, Any], error: DomainError, cors: OriginPolicy, page: PageForError | None
) -> dict[str, Any]:
    """The answer to a request refused at the boundary, before the resolver ran."""
    logger.info("Request body refused", error_code=error.code, status=error.status)
    if page is not None:
        status, body = page(error)
        content_type = HTML
    else:
        status, content_type = error.status, content_types.APPLICATION_JSON
        body = json.dumps(
            error_body(error.code, error.message, error.details), separators=(",", ":")
        )
    headers = {"Content-Type": content_type, **cors.to_dict(_header(event, "origin"))}
    return {
        "statusCode": status,
        "body": body,
        "isBase64Encoded": False,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
    }


def _finished(answer: dict[str, Any]) -> dict[str, Any]:
    """Headers every answer carries, whoever built it.

    An origin that is not allowed gets no CORS header at all (Powertools names the allowed
    methods on every preflight answer, whoever asks)."""
    headers = answer.setdefault("multiValueHeaders", {})
    if "Access-Control-Allow-Origin" not in headers:
        for name in [name for name in headers if name.lower().startswith("access-control-")]:
            del headers[name]
    headers["Vary"] = ["Origin"]
    # Every answer here names its type as "Content-Type" (Powertools', _refused's); a
    # preflight has none.
    content_type = (headers.get("Content-Type") or [None])[0]
    for name, value in answer_headers(content_type).items():
        headers[name] = [value]
    return answer


def lambda_handler_for(app: MentoringResolver) -> LambdaHandler:
    """The Lambda entry point of an API function, decorated in the house order."""

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        page = app.page_for(event.get("resource"))
        try:
            checked = checked_event(event, form=page is not None)
        except DomainError as error:
            return _finished(_refused(event, error, app.cors_policy, page))
        return _finished(app.resolve(checked, context))

    return lambda_handler
