"""The framework's floor for `make bench`: what any function built as ours pays at a cold start
before a line of the scheme runs. Powertools' REST resolver with request validation (the
contract's 422s come from it), its Logger and Metrics, and one route that does one GetItem,
as the reference process does; no project code."""

from __future__ import annotations

import os
from typing import Annotated, Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query

logger = Logger()
metrics = Metrics(namespace="Floor")
app = APIGatewayRestResolver(enable_validation=True)
_clients: dict[str, Any] = {}


@app.get("/mentors")
def search(
    specialty: Annotated[str | None, Query(max_length=80)] = None,
    language: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    client = _clients.setdefault("dynamodb", boto3.client("dynamodb"))
    key = {"PK": {"S": "USER#x"}, "SK": {"S": "MENTOR"}}
    client.get_item(TableName=os.environ["TABLE_NAME"], Key=key)
    return {"items": [], "specialty": specialty, "language": language}


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
