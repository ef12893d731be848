"""The API document as the functions describe it: each API function imported as Lambda would,
with its settings from the template, and their resolvers merged (mentoring.api.openapi)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from local_stack.functions import import_function
from local_stack.parameters import REGION, references
from local_stack.template import (
    ROOT,
    api_function_ids,
    api_routes,
    function_environment,
    load_template,
    resources_of_type,
)
from mentoring.api.openapi import merged_document
from mentoring.config import SchemeRules


def load_resolvers(overrides: Mapping[str, str] | None = None) -> list[Any]:
    """Import each API function as Lambda would, with the template's settings (and
    `overrides`, such as another SESSIONS_LIMIT); the caller's environment is left alone."""
    template = load_template()
    functions = resources_of_type(template, "AWS::Serverless::Function")
    placeholders = references("arn:aws:secretsmanager:local:secret", "local-pool")
    before = dict(os.environ)
    os.environ.update({"AWS_DEFAULT_REGION": REGION, "POWERTOOLS_TRACE_DISABLED": "true"})
    resolvers = []
    try:
        for function_id in api_function_ids(template):
            os.environ.update(
                function_environment(template, function_id, placeholders, overrides=overrides)
            )
            code = ROOT / functions[function_id]["CodeUri"]
            module_name = functions[function_id]["Handler"].rsplit(".", 1)[0]
            resolvers.append(import_function(code / f"{module_name}.py", function_id).app)
    finally:
        # Importing reads the settings once; the caller's own environment is left as it was.
        os.environ.clear()
        os.environ.update(before)
    return resolvers


def api_document(overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The whole document, its paths in the template's order."""
    template = load_template()
    route_order = [route.path for route in api_routes(template)]
    function_id = api_function_ids(template)[0]
    placeholders = references("arn:aws:secretsmanager:local:secret", "local-pool")
    rules = SchemeRules.model_validate(
        function_environment(template, function_id, placeholders, overrides=overrides)
    )
    return merged_document(load_resolvers(overrides), route_order, rules)
