"""A small API Gateway (REST) for the local stack, plus the local pages (/docs, /local/...).

Routes come from template.yaml's Api events. A request is authorised like the Cognito
authorizer would (ID token checked against the pool's JWKS), turned into a REST proxy
event and handed to the function's lambda_handler; its answer becomes the HTTP response.
API Gateway's own refusals carry the contract's error body, as the Gateway Responses do.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request, Response

from local_stack.authorizer import CognitoAuthorizer, TokenRejected
from local_stack.functions import FunctionFailed, LambdaFunction
from local_stack.template import Route
from mentoring.api.cors import OriginPolicy
from mentoring.api.headers import answer_headers

STAGE = "v1"
# API Gateway's own limit; the functions refuse anything over their much lower limit.
MAX_BODY_BYTES = 10 * 1024 * 1024
_PARAMETER = re.compile(r"\{([A-Za-z0-9_]+)\+?\}")

LocalPage = Callable[[Request], Response]


def error_body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message, "details": []}})


def gateway_error(status: int, code: str, message: str) -> Response:
    """One of API Gateway's own answers (a Gateway Response): the contract's error body."""
    response = Response(error_body(code, message), status=status, content_type="application/json")
    response.headers["Vary"] = "Origin"
    response.headers.update(answer_headers(response.content_type))
    return response


@dataclass(frozen=True)
class CompiledRoute:
    route: Route
    pattern: re.Pattern[str]
    literal_segments: int

    @classmethod
    def of(cls, route: Route) -> CompiledRoute:
        parts = [
            f"(?P<{found.group(1)}>[^/]+)"
            if (found := _PARAMETER.fullmatch(part))
            else re.escape(part)
            for part in route.path.split("/")
        ]
        regex = "^" + "/".join(parts) + "$"
        literal = sum(1 for part in route.path.split("/") if part and not part.startswith("{"))
        return cls(route=route, pattern=re.compile(regex), literal_segments=literal)


class ApiGateway:
    def __init__(
        self,
        routes: list[Route],
        functions: dict[str, LambdaFunction],
        authorizer: CognitoAuthorizer,
        local_pages: dict[tuple[str, str], LocalPage],
        local_prefixes: dict[str, LocalPage],
        cors: OriginPolicy,
    ):
        # The most literal route wins, as in API Gateway (/mentors/me before /mentors/{id}).
        self._routes = sorted(
            (CompiledRoute.of(route) for route in routes), key=lambda r: -r.literal_segments
        )
        self._functions = functions
        self._authorizer = authorizer
        self._local_pages = local_pages
        self._local_prefixes = local_prefixes
        self._cors = cors

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        started = time.perf_counter()
        response = self.handle(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        # The route's template, as API Gateway's access log records it: never the path itself
        # (a one-click link's path is its token), the query string or the body.
        print(
            f"{request.method} {self.route_of(request)} -> {response.status_code} "
            f"({elapsed_ms:.0f} ms)",
            file=sys.stderr,
            flush=True,
        )
        return response(environ, start_response)

    def route_of(self, request: Request) -> str:
        """What a log line may name of a request: its route's template, or the stack's own
        page; never a value from the path."""
        if (request.method, request.path) in self._local_pages:
            return request.path
        for prefix in self._local_prefixes:
            if request.path.startswith(prefix):
                return prefix + "*"
        match = self._match(request.method, request.path)
        return match[0].route.path if match else "(no such route)"

    def handle(self, request: Request) -> Response:
        response = self._answer(request)
        # The gateway's own answers (and the local pages) carry CORS for an allowed origin, as
        # the template's Gateway Responses do; a function's answer carries its own already.
        if "Access-Control-Allow-Origin" not in response.headers:
            response.headers.update(self._cors.to_dict(request.headers.get("Origin")))
        return response

    def _answer(self, request: Request) -> Response:
        page = self._local_pages.get((request.method, request.path))
        if page is not None:
            return page(request)
        for prefix, prefixed_page in self._local_prefixes.items():
            if request.path.startswith(prefix):
                return prefixed_page(request)
        match = self._match(request.method, request.path)
        if match is None:
            return gateway_error(404, "not_found", "No such resource.")
        compiled, path_parameters = match
        claims: dict[str, str] | None = None
        if compiled.route.needs_token:
            try:
                claims = self._authorizer.claims(request.headers.get("Authorization"))
            except TokenRejected:
                return gateway_error(401, "unauthenticated", "Sign in to use this service.")
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return gateway_error(413, "payload_too_large", "The request body is too large.")
        event = proxy_event(request, compiled.route, path_parameters, claims)
        try:
            result = self._functions[compiled.route.function_id].invoke(event)
        except FunctionFailed:
            # As API Gateway answers a Lambda error or timeout (DEFAULT_5XX).
            return gateway_error(502, "internal_error", "Something went wrong on our side.")
        return lambda_result_to_response(result)

    def _match(self, method: str, path: str) -> tuple[CompiledRoute, dict[str, str]] | None:
        for compiled in self._routes:
            if compiled.route.method not in (method, "ANY"):
                continue
            found = compiled.pattern.match(path)
            if found:
                return compiled, {name: unquote(value) for name, value in found.groupdict().items()}
        return None


def proxy_event(
    request: Request,
    route: Route,
    path_parameters: dict[str, str],
    claims: dict[str, str] | None,
) -> dict[str, Any]:
    """The REST API (v1) proxy event API Gateway would send for this request.

    The local API has no stage in its paths (like a custom domain without a base path), so
    requestContext.path equals path; API Gateway adds X-Forwarded-Proto, and so does this.
    """
    headers = dict(request.headers.items())
    headers["X-Forwarded-Proto"] = request.scheme
    multi_headers: dict[str, list[str]] = {}
    for name, value in headers.items():
        multi_headers.setdefault(name, []).append(value)
    query = {name: values[-1] for name, values in request.args.lists()}
    multi_query = dict(request.args.lists())
    raw_body = request.get_data()
    body: str | None
    is_base64 = False
    if not raw_body:
        body = None
    else:
        try:
            body = raw_body.decode("utf-8")
        except UnicodeDecodeError:
            body, is_base64 = base64.b64encode(raw_body).decode(), True
    now = datetime.now(UTC)
    request_id = str(uuid.uuid4())
    return {
        "resource": route.path,
        "path": request.path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": "local",
            "resourcePath": route.path,
            "httpMethod": request.method,
            "extendedRequestId": request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "path": request.path,
            "accountId": "123456789012",
            "protocol": "HTTP/1.1",
            "stage": STAGE,
            "domainPrefix": "local",
            "requestTimeEpoch": int(time.time() * 1000),
            "requestId": request_id,
            "identity": {
                "sourceIp": request.remote_addr or "127.0.0.1",
                "userAgent": request.headers.get("User-Agent", ""),
            },
            "domainName": request.host,
            "apiId": "local",
            "authorizer": {"claims": claims} if claims is not None else None,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def lambda_result_to_response(result: Any) -> Response:
    if not isinstance(result, dict) or "statusCode" not in result:
        return gateway_error(502, "internal_error", "Something went wrong on our side.")
    headers = Headers()
    for name, value in (result.get("headers") or {}).items():
        headers[name] = str(value)
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.remove(name)
        for value in values:
            headers.add(name, str(value))
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
    return Response(data, status=int(result["statusCode"]), headers=headers)
