"""Floor step 1: Powertools' Logger and Metrics around one GetItem; no router, no pydantic."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from one_read import get_item

logger = Logger()
metrics = Metrics(namespace="Floor")


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    get_item()
    query = event.get("queryStringParameters") or {}
    return {"statusCode": 200, "body": json.dumps({"items": [], **query})}
