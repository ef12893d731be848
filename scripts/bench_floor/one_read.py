"""The one read every floor step does, as the reference process does it."""

from __future__ import annotations

import os
from typing import Any

import boto3

_clients: dict[str, Any] = {}


def get_item() -> None:
    if "dynamodb" not in _clients:
        _clients["dynamodb"] = boto3.client("dynamodb")
    key = {"PK": {"S": "USER#x"}, "SK": {"S": "MENTOR"}}
    _clients["dynamodb"].get_item(TableName=os.environ["TABLE_NAME"], Key=key)
