"""Floor step 1: Powertools' Logger and Metrics around one GetItem; no router, no pydantic.
The later steps wrap their handlers with `observed` too."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from one_read import get_item

logger = Logger()
metrics = Metrics(namespace="Floor")

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def observed(handler: Handler) -> Handler:
    """Decorated as every function's entry point is."""
    return logger.inject_lambda_context(metrics.log_metrics(handler))


@observed
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    get_item()
    query = event.get("queryStringParameters") or {}
    return {"statusCode": 200, "body": json.dumps({"items": [], **query})}
