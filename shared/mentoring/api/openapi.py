"""The API document: one OpenAPI 3.1 document merged from every function's own resolver.

Each function describes its routes (mentoring.api.document); this module merges them, orders
the areas, removes what Powertools adds that the API never answers (its FastAPI-style 422 for
routes that validate nothing), and names the headers every answer carries (Cache-Control and
the security headers, mentoring.api.headers). The local stack serves the result at
/openapi.json; `make openapi` writes it to openapi.json at the repository root
(scripts/openapi.py), and a test fails when the two drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mentoring.api.document import (
    API_TITLE,
    SECURITY_SCHEMES,
    area_descriptions,
    header_components,
    header_references,
)
from mentoring.config import SchemeRules

# Powertools' own validation-error shapes: the API answers the contract's ErrorBody instead.
_POWERTOOLS_ONLY_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
DESCRIPTION = """\
The API of the Yorkshire and Humber IMG Peer Mentoring Scheme. Every route but the one-click
link pages needs a Cognito ID token in `Authorization` (with or without `Bearer `). Errors
always have the body `{"error": {"code", "message", "details"}}`; lists take `limit` (1-50)
and an opaque `cursor`, and answer `{"items", "next_cursor"}`.
"""


def merged_document(
    resolvers: Iterable[Any], route_order: Sequence[str], rules: SchemeRules
) -> dict[str, Any]:
    """One document from the resolvers' own schemas, as clients should read it.

    Paths come in `route_order` (the template's routes): within each area, a reader meets them
    as a user would (register, then update; ask, then answer); any others after, by name."""

    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    for resolver in resolvers:
        schema = resolver.get_openapi_schema().model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        for path, operations in schema.get("paths", {}).items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(schema.get("components", {}).get("schemas", {}))
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"] = _truthful_responses(operation["responses"])
            for response in operation["responses"].values():
                media_types = list(response.get("content", {})) or [None]
                response["headers"] = header_references(media_types[0])
    for name in _POWERTOOLS_ONLY_SCHEMAS:
        schemas.pop(name, None)
    return {
        "openapi": "3.1.0",
        "info": {"title": API_TITLE, "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/", "description": "This API (locally, or behind its stage URL)"}],
        "tags": [
            {"name": area.value, "description": description}
            for area, description in area_descriptions(rules).items()
        ],
        "paths": {path: paths[path] for path in _ordered(paths, route_order)},
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": SECURITY_SCHEMES,
            "headers": header_components(),
        },
    }


def _ordered(paths: dict[str, Any], route_order: Sequence[str]) -> list[str]:
    declared = [path for path in route_order if path in paths]
    return list(dict.fromkeys(declared + sorted(paths)))


def _truthful_responses(responses: dict[str, Any]) -> dict[str, Any]:
    """Drop Powertools' automatic FastAPI-style 422 and empty bodies; order by status."""
    kept: dict[str, Any] = {}
    for status, response in sorted(responses.items()):
        media = response.get("content", {}).get("application/json", {})
        if media.get("schema", {}).get("$ref") == _FASTAPI_422:
            continue
        kept[status] = {
            key: value for key, value in response.items() if (key, value) != ("content", {})
        }
    return kept
