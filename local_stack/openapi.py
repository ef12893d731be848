"""The API document: one OpenAPI 3.1 document merged from every function's own resolver.

Each function describes its routes (mentoring.api_doc); this module merges them, orders the
areas, removes what Powertools adds that the API never answers (its FastAPI-style 422 for
routes that validate nothing), and names the headers every answer carries (Cache-Control and
the security headers, mentoring.response_headers). The local stack serves the result at
/openapi.json; `make openapi` writes it to openapi.json at the repository root, and a test
fails when the two drift apart.

    python -m local_stack.openapi > openapi.json
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import Any

from local_stack.template import ROOT, api_function_ids, api_routes, load_template

# Powertools' own validation-error shapes: the API answers the contract's ErrorBody instead.
_POWERTOOLS_ONLY_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"
DESCRIPTION = """\
The API of the Yorkshire and Humber IMG Peer Mentoring Scheme. Every route but the one-click
link pages needs a Cognito ID token in `Authorization` (with or without `Bearer `). Errors
always have the body `{"error": {"code", "message", "details"}}`; lists take `limit` (1-50)
and an opaque `cursor`, and answer `{"items", "next_cursor"}`.
"""


def merged_document(resolvers: Iterable[Any]) -> dict[str, Any]:
    """One document from the resolvers' own schemas, as clients should read it.

    Paths come in the order of the template's routes: within each area, a reader meets them
    as a user would (register, then update; ask, then answer)."""
    from mentoring.api_doc import (  # noqa: PLC0415 - needs the layer on the path
        API_TITLE,
        AREA_DESCRIPTIONS,
        SECURITY_SCHEMES,
        Area,
        header_components,
        header_references,
    )

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
        "tags": [{"name": area.value, "description": AREA_DESCRIPTIONS[area]} for area in Area],
        "paths": {path: paths[path] for path in _template_order(paths)},
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": SECURITY_SCHEMES,
            "headers": header_components(),
        },
    }


def _template_order(paths: dict[str, Any]) -> list[str]:
    declared = [route.path for route in api_routes(load_template()) if route.path in paths]
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


def load_resolvers() -> list[Any]:
    """Import each API function as Lambda would, with the local stack's settings."""
    from local_stack.functions import import_function  # noqa: PLC0415
    from local_stack.parameters import REGION, references  # noqa: PLC0415
    from local_stack.template import function_environment, resources_of_type  # noqa: PLC0415

    template = load_template()
    functions = resources_of_type(template, "AWS::Serverless::Function")
    placeholders = references("arn:aws:secretsmanager:local:secret", "local-pool")
    before = dict(os.environ)
    os.environ.update({"AWS_DEFAULT_REGION": REGION, "POWERTOOLS_TRACE_DISABLED": "true"})
    resolvers = []
    try:
        for function_id in api_function_ids(template):
            os.environ.update(function_environment(template, function_id, placeholders))
            code = ROOT / functions[function_id]["CodeUri"]
            module_name = functions[function_id]["Handler"].rsplit(".", 1)[0]
            resolvers.append(import_function(code / f"{module_name}.py", function_id).app)
    finally:
        # Importing reads the settings once; the caller's own environment is left as it was.
        os.environ.clear()
        os.environ.update(before)
    return resolvers


def main() -> int:
    document = merged_document(load_resolvers())
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
