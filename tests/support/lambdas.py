"""Load a function's app.py as Lambda would, and drive it with the sample events in events/."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from local_stack.functions import import_function

ROOT = Path(__file__).resolve().parents[2]


def load_function(name: str) -> ModuleType:
    """A fresh import of functions/<name>/app.py: a new container, cold start included."""
    return import_function(ROOT / "functions" / name / "app.py", name)


def sample_event(name: str) -> dict[str, Any]:
    """One of the committed sample events, e.g. "registration/post_mentees"."""
    loaded: dict[str, Any] = json.loads((ROOT / "events" / f"{name}.json").read_text())
    return loaded


_UNSET: Any = object()


def event(
    name: str,
    *,
    body: Any = _UNSET,
    raw_body: str | None = None,
    query: dict[str, str] | None = None,
    path_parameters: dict[str, str] | None = None,
    sub: str | None = None,
    email: str | None = None,
    groups: str | None = None,
    claims: dict[str, str] | None = _UNSET,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    """A sample event with the parts a test cares about replaced."""
    built = copy.deepcopy(sample_event(name))
    for header, value in (headers or {}).items():
        # API Gateway fills in both; Powertools reads the multi-value one.
        built["headers"][header] = value
        built["multiValueHeaders"][header] = [value]
    if method is not None:
        built["httpMethod"] = built["requestContext"]["httpMethod"] = method
    if body is not _UNSET:
        built["body"] = json.dumps(body)
    if raw_body is not None:
        built["body"] = raw_body
    if query is not None:
        built["queryStringParameters"] = query
        built["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    if path_parameters is not None:
        built["pathParameters"] = path_parameters
        path = built["resource"]
        for key, value in path_parameters.items():
            path = path.replace("{" + key + "}", value)
        built["path"] = path
    authorizer = built["requestContext"].get("authorizer") or {}
    context_claims = authorizer.get("claims") or {}
    if sub is not None:
        context_claims["sub"] = sub
    if email is not None:
        context_claims["email"] = email
    if groups is not None:
        context_claims["cognito:groups"] = groups
    if claims is not _UNSET:
        built["requestContext"]["authorizer"] = {"claims": claims} if claims else None
    return built


@dataclass
class LambdaContext:
    function_name: str = "test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-west-2:123456789012:function:test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@dataclass
class Answer:
    status: int
    body: Any  # parsed JSON, or None for other content
    headers: dict[str, str]
    text: str = ""

    @property
    def error_code(self) -> str:
        return str(self.body["error"]["code"])


def invoke(function: ModuleType, built_event: dict[str, Any]) -> Answer:
    result = function.lambda_handler(built_event, LambdaContext())
    headers = dict(result.get("headers") or {})
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers[name] = values[-1]
    raw = result.get("body") or ""
    is_json = headers.get("Content-Type", "").startswith("application/json")
    return Answer(
        status=result["statusCode"],
        body=json.loads(raw) if raw and is_json else None,
        headers=headers,
        text=raw,
    )
