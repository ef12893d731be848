"""HTTP plumbing shared by every API function: one resolver factory, errors mapped once.

Every failure leaves as the contract's body {"error": {"code", "message", "details"}}:
domain errors with their own status, request validation as 422 (or 400 for malformed
JSON), an unknown route as 404, and anything unexpected as a 500 without a stack trace.
"""

from __future__ import annotations

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

from mentoring.auth import Principal
from mentoring.errors import DomainError
from mentoring.observability import logger, metrics, tracer

_MALFORMED_BODY_TYPES = frozenset({"json_invalid", "unsupported_content_type"})
_VALUE_ERROR_PREFIX = "Value error, "


def error_response(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"error": {"code": code, "message": message, "details": details or []}},
    )


def _field_detail(error: dict[str, Any]) -> dict[str, Any]:
    """One validation failure as a detail: where, which field, why. Never the input value."""
    location, *path = error.get("loc") or ("body",)
    message = str(error.get("msg") or "Invalid value").removeprefix(_VALUE_ERROR_PREFIX)
    return {
        "field": ".".join(str(part) for part in path) or str(location),
        "location": str(location),
        "code": str(error.get("type", "invalid")),
        "message": message,
    }


def _on_domain_error(error: DomainError) -> Response[Any]:
    logger.info("Request refused", error_code=error.code, status=error.status)
    return error_response(error.status, error.code, error.message, error.details)


def _on_validation_error(error: RequestValidationError) -> Response[Any]:
    errors = list(error.errors())
    if any(e.get("type") in _MALFORMED_BODY_TYPES for e in errors):
        return error_response(400, "bad_request", "The request body is not valid JSON.")
    details = [_field_detail(e) for e in errors]
    logger.info("Request failed validation", fields=[d["field"] for d in details])
    return error_response(422, "validation_error", "Some fields are not valid.", details)


def _on_not_found(_: NotFoundError) -> Response[Any]:
    return error_response(404, "not_found", "No such resource.")


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


def make_resolver() -> APIGatewayRestResolver:
    """The resolver every API function uses: validation on, every error in the contract's body."""
    app = APIGatewayRestResolver(enable_validation=True)
    app.exception_handler(DomainError)(_on_domain_error)
    app.exception_handler(RequestValidationError)(_on_validation_error)
    app.not_found(_on_not_found)
    app.exception_handler(Exception)(_on_unexpected)
    return app


def current_principal(app: APIGatewayRestResolver) -> Principal:
    """The caller, from the claims API Gateway's Cognito authorizer put in the request context."""
    authorizer = app.current_event.request_context.authorizer
    claims = authorizer.claims if authorizer else None
    return Principal.from_claims(claims)


def public_base_url(app: APIGatewayRestResolver) -> str:
    """The API's URL as the caller reached it (stage or custom-domain base path included)."""
    event = app.current_event
    headers = event.headers
    context = event.request_context
    host = context.domain_name or headers.get("host") or "localhost"
    scheme = headers.get("x-forwarded-proto") or "https"  # headers are case-insensitive
    full_path = context.path or event.path
    prefix = full_path[: len(full_path) - len(event.path)] if full_path.endswith(event.path) else ""
    return f"{scheme}://{host}{prefix}"


def html_response(status: int, page: str) -> Response[Any]:
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=page,
        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


def created(body: BaseModel | dict[str, Any]) -> Response[Any]:
    return Response(
        status_code=HTTPStatus.CREATED,
        content_type=content_types.APPLICATION_JSON,
        body=body.model_dump(mode="json") if isinstance(body, BaseModel) else body,
    )


def _as_json_request(event: dict[str, Any]) -> dict[str, Any]:
    """The API speaks JSON only: a body sent with another (or no) content type is read as JSON.

    Clients such as curl send form encoding by default; reading the body as JSON gives them
    the same answer (or a clear 400) instead of a confusing per-field error.
    """
    headers = event.get("headers") or {}
    if not event.get("body"):
        return event
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if content_type.lower().startswith("application/json"):
        return event
    headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    headers["content-type"] = "application/json"
    multi = {
        k: v
        for k, v in (event.get("multiValueHeaders") or {}).items()
        if k.lower() != "content-type"
    }
    multi["content-type"] = ["application/json"]
    return {**event, "headers": headers, "multiValueHeaders": multi}


LambdaHandler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def lambda_handler_for(app: APIGatewayRestResolver) -> LambdaHandler:
    """The Lambda entry point of an API function, decorated in the house order."""

    # capture_response=False: responses may hold confidential text, which must not reach X-Ray.
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return app.resolve(_as_json_request(event), context)

    return lambda_handler
