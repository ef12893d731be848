"""moto's DynamoDB as the tests and the local stack run it (local_stack/moto_speed.py): a
long-running stack keeps what the table holds, not a copy of it per transaction, and a failed
transaction still rolls back exactly: puts, in-place updates, deletes and the stream."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import Item

from local_stack.stream import stream_arn, streams_client
from tests.conftest import TABLE_NAME

STORED = 40
TRANSACTIONS = 60


def _key(pk: str) -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": "PROFILE"}}


def _put(pk: str, **fields: str) -> dict[str, Any]:
    item = _key(pk) | {k: {"S": v} for k, v in fields.items()}
    return {"Put": {"TableName": TABLE_NAME, "Item": item}}


def _fails() -> dict[str, Any]:
    """An operation whose condition cannot hold: it cancels the transaction it is in."""
    return {
        "ConditionCheck": {
            "TableName": TABLE_NAME,
            "Key": _key("USER#nobody"),
            "ConditionExpression": "attribute_exists(PK)",
        }
    }


def _stored(aws: Any, pk: str) -> dict[str, Any] | None:
    item: dict[str, Any] | None = aws.get_item(TableName=TABLE_NAME, Key=_key(pk)).get("Item")
    return item


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _live_items() -> int:
    return sum(isinstance(o, Item) for o in gc.get_objects())


def test_transactions_leave_no_copy_of_the_table_behind(aws: Any) -> None:
    # Given a table holding some items
    for n in range(STORED):
        aws.transact_write_items(TransactItems=[_put(f"USER#{n}", name=f"Dr {n}")])

    # When many more transactions run, some cancelled (moto backs each one up first), with
    # Python's cycle collector off: what is left must have been freed as it went
    with _no_cycle_collection():
        before = _live_items()
        for n in range(TRANSACTIONS):
            change = [_put(f"USER#{n % STORED}", name=f"Dr {n}!")]
            with suppress(ClientError):
                aws.transact_write_items(TransactItems=change + ([_fails()] if n % 3 else []))
        after = _live_items()

    # Then memory holds the table's items, not one copy of the table per transaction
    assert after <= before + STORED


def test_a_cancelled_transaction_leaves_puts_updates_and_deletes_undone(aws: Any) -> None:
    # Given two items
    aws.transact_write_items(TransactItems=[_put("USER#1", name="Dr Okafor")])
    aws.transact_write_items(TransactItems=[_put("USER#2", name="Dr Mehta")])

    # When one transaction updates the first, deletes the second and adds a third, then fails
    update = {
        "Update": {
            "TableName": TABLE_NAME,
            "Key": _key("USER#1"),
            "UpdateExpression": "SET #name = :name",
            "ExpressionAttributeNames": {"#name": "name"},
            "ExpressionAttributeValues": {":name": {"S": "Dr Changed"}},
        }
    }
    delete = {"Delete": {"TableName": TABLE_NAME, "Key": _key("USER#2")}}
    with pytest.raises(ClientError, match="TransactionCanceled"):
        aws.transact_write_items(
            TransactItems=[update, delete, _put("USER#3", name="Dr New"), _fails()]
        )

    # Then the table is as it was, and a later transaction works on it as usual
    assert (_stored(aws, "USER#1") or {})["name"] == {"S": "Dr Okafor"}
    assert (_stored(aws, "USER#2") or {})["name"] == {"S": "Dr Mehta"}
    assert _stored(aws, "USER#3") is None
    aws.transact_write_items(TransactItems=[update])
    assert (_stored(aws, "USER#1") or {})["name"] == {"S": "Dr Changed"}


def test_the_stream_shows_what_was_written_and_nothing_of_a_cancelled_transaction(
    aws: Any,
) -> None:
    # Given a written item, then a cancelled transaction, twice, then a written one
    aws.transact_write_items(TransactItems=[_put("USER#1", name="Dr Okafor")])
    for _ in range(2):
        with pytest.raises(ClientError, match="TransactionCanceled"):
            aws.transact_write_items(TransactItems=[_put("USER#9", name="Dr Gone"), _fails()])
    aws.transact_write_items(TransactItems=[_put("USER#2", name="Dr Mehta")])

    # Then the stream holds the two writes, in order, and nothing else
    streams = streams_client()
    arn = stream_arn(aws, TABLE_NAME)
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert [r["dynamodb"]["Keys"]["PK"]["S"] for r in records] == ["USER#1", "USER#2"]
