"""moto's DynamoDB as the tests and the local stack run it (local_stack/moto_speed.py): a
long-running stack keeps what the table holds, not a copy of it per transaction, and a failed
transaction still rolls back exactly."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import Item

from tests.conftest import TABLE_NAME

STORED = 40
TRANSACTIONS = 60


def _put(key: str, **fields: str) -> dict[str, Any]:
    item = {"PK": {"S": key}, "SK": {"S": "PROFILE"}} | {k: {"S": v} for k, v in fields.items()}
    return {"Put": {"TableName": TABLE_NAME, "Item": item}}


def _live_items() -> int:
    gc.collect()
    return sum(isinstance(o, Item) for o in gc.get_objects())


def test_transactions_leave_no_copy_of_the_table_behind(aws: Any) -> None:
    # Given a table holding some items
    for n in range(STORED):
        aws.transact_write_items(TransactItems=[_put(f"USER#{n}", name=f"Dr {n}")])
    before = _live_items()

    # When many more transactions run (each one is backed up by moto before it runs)
    for n in range(TRANSACTIONS):
        aws.transact_write_items(TransactItems=[_put(f"USER#{n % STORED}", name=f"Dr {n}!")])

    # Then memory holds the table's items, not one copy of the table per transaction
    assert _live_items() <= before + STORED


def test_a_failed_transaction_still_leaves_the_table_as_it_was(aws: Any) -> None:
    # Given an item
    aws.transact_write_items(TransactItems=[_put("USER#1", name="Dr Okafor")])

    # When a transaction changes it, then fails on a second item's condition
    failing = _put("USER#2", name="Dr Mehta")
    failing["Put"]["ConditionExpression"] = "attribute_exists(PK)"
    with pytest.raises(ClientError, match="TransactionCanceled"):
        aws.transact_write_items(TransactItems=[_put("USER#1", name="Dr Changed"), failing])

    # Then neither change is there
    first = aws.get_item(TableName=TABLE_NAME, Key={"PK": {"S": "USER#1"}, "SK": {"S": "PROFILE"}})
    second = aws.get_item(TableName=TABLE_NAME, Key={"PK": {"S": "USER#2"}, "SK": {"S": "PROFILE"}})
    assert first["Item"]["name"] == {"S": "Dr Okafor"}
    assert "Item" not in second
