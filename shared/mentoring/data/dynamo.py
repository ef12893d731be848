"""Low-level DynamoDB plumbing for the data layer: one client per container, typed values."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

Item = dict[str, Any]
RawItem = dict[str, Any]


@lru_cache(maxsize=1)
def dynamodb_client() -> Any:
    """Created on first use and kept for the container's life (reused across invocations)."""
    return boto3.client(
        "dynamodb",
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2),
    )


def to_raw(item: Mapping[str, Any]) -> RawItem:
    """Python values to DynamoDB's typed form; None is left out so sparse indexes stay sparse."""
    return {name: _serializer.serialize(value) for name, value in item.items() if value is not None}


def from_raw(raw: Mapping[str, Any]) -> Item:
    return {name: _deserializer.deserialize(value) for name, value in raw.items()}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", "Unknown"))


_KEY_ATTRIBUTES = frozenset(
    {"PK", "SK", "entity"} | {f"GSI{n}{part}" for n in range(1, 7) for part in ("PK", "SK")}
)


def plain(item: Item) -> dict[str, Any]:
    """An item as the person it is about may read it: no keys, numbers as int or float."""
    return {name: _plain(value) for name, value in item.items() if name not in _KEY_ATTRIBUTES}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | set | tuple):
        return [_plain(item) for item in value]
    return value
