"""The one gateway to the DynamoDB table: conditional writes, named transactions, queries.

Stores (one module per aggregate) are given a Table and speak to DynamoDB only through it.
Expressions follow one convention: a `#name` placeholder stands for the attribute `name`, so
a store writes `#status = :pending` and never lists attribute names by hand. Every
`ClientError` becomes a domain error here (503 `service_unavailable`), logged with its code.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from mentoring.data.cursor_seal import CursorSeal
from mentoring.data.dynamo import Item, dynamodb_client, error_code, from_raw, to_raw
from mentoring.errors import ServiceUnavailable
from mentoring.observability import logger

Key = tuple[str, str]  # (PK, SK)
_BATCH_ATTEMPTS = 6
_PLACEHOLDER = re.compile(r"#(\w+)")


def _names(*expressions: str) -> dict[str, str]:
    return {f"#{name}": name for text in expressions for name in _PLACEHOLDER.findall(text)}


@dataclass(frozen=True)
class Update:
    """One item's change: `set` and `add` fields (a number, or members of a string set),
    `remove` names, `discard` members of string sets, if `condition` holds."""

    set: Mapping[str, Any] = field(default_factory=dict)
    add: Mapping[str, int | frozenset[str]] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    discard: Mapping[str, frozenset[str]] = field(default_factory=dict)
    condition: str = "attribute_exists(PK)"
    values: Mapping[str, Any] = field(default_factory=dict)  # the condition's own values

    def arguments(self) -> dict[str, Any]:
        clauses = []
        values = dict(self.values)
        if self.set:
            clauses.append("SET " + ", ".join(f"#{name} = :set_{name}" for name in self.set))
            values |= {f":set_{name}": value for name, value in self.set.items()}
        if self.add:
            clauses.append("ADD " + ", ".join(f"#{name} :add_{name}" for name in self.add))
            values |= {f":add_{name}": value for name, value in self.add.items()}
        if self.remove:
            clauses.append("REMOVE " + ", ".join(f"#{name}" for name in self.remove))
        if self.discard:
            clauses.append("DELETE " + ", ".join(f"#{n} :discard_{n}" for n in self.discard))
            values |= {f":discard_{name}": members for name, members in self.discard.items()}
        expression = " ".join(clauses)
        arguments: dict[str, Any] = {"UpdateExpression": expression}
        if self.condition:  # none: the write always happens (a running total, say)
            arguments["ConditionExpression"] = self.condition
            arguments["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        if names := _names(expression, self.condition):  # DynamoDB refuses empty maps
            arguments["ExpressionAttributeNames"] = names
        if values:
            arguments["ExpressionAttributeValues"] = to_raw(values)
        return arguments


@dataclass(frozen=True)
class Query:
    """One partition of the table (index "") or of an index, optionally narrowed by sort key.

    `sort` is a key condition on the sort key such as `begins_with(#GSI2SK, :prefix)` or
    `#SK BETWEEN :first AND :last`, with its values in `sort_values`.
    """

    partition: str
    index: str = ""
    sort: str = ""
    sort_values: Mapping[str, Any] = field(default_factory=dict)
    newest_first: bool = False

    @property
    def partition_key(self) -> str:
        return f"{self.index}PK" if self.index else "PK"

    @property
    def sort_key(self) -> str:
        return f"{self.index}SK" if self.index else "SK"

    @property
    def key_names(self) -> frozenset[str]:
        return frozenset({"PK", "SK", self.partition_key, self.sort_key})

    def arguments(self, table: str) -> dict[str, Any]:
        condition = f"#{self.partition_key} = :partition"
        values: dict[str, Any] = {":partition": self.partition}
        if self.sort:
            condition += f" AND {self.sort}"
            values |= self.sort_values
        arguments: dict[str, Any] = {
            "TableName": table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": _names(condition),
            "ExpressionAttributeValues": to_raw(values),
            "ScanIndexForward": not self.newest_first,
        }
        if self.index:
            arguments["IndexName"] = self.index
        else:
            arguments["ConsistentRead"] = True  # the table's own partitions read consistently
        return arguments


class ConditionFailed(Exception):
    """A conditional write found the item in another state (old_item: as it was, or None)."""

    def __init__(self, old_item: Item | None):
        super().__init__("condition failed")
        self.old_item = old_item


class TransactionFailed(Exception):
    """A transaction was cancelled; `failed` names each operation whose condition failed,
    with the item as it was (None where there was none)."""

    def __init__(self, failed: dict[str, Item | None]):
        super().__init__("transaction cancelled: " + ", ".join(failed))
        self.failed = failed


Operation = dict[str, Any]


class Table:
    def __init__(self, name: str, cursors: CursorSeal, client: Any | None = None):
        self.name = name
        self.cursors = cursors
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    def _call(self, operation: str, **arguments: Any) -> Any:
        try:
            return getattr(self.client, operation)(**arguments)
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                old = error.response.get("Item")
                raise ConditionFailed(from_raw(old) if old else None) from None
            logger.error("DynamoDB call failed", operation=operation, error_code=error_code(error))
            raise ServiceUnavailable() from None

    # ---- one item ----------------------------------------------------------------------

    def get(self, key: Key) -> Item | None:
        raw = self._call("get_item", TableName=self.name, Key=_key(key), ConsistentRead=True)
        return from_raw(raw["Item"]) if raw.get("Item") else None

    def put(self, item: Item) -> None:
        """Write an item whatever was there (for items that only record a fact)."""
        self._call("put_item", TableName=self.name, Item=to_raw(item))

    def update(self, key: Key, update: Update) -> Item:
        """A conditional update, answering the item as it is now; ConditionFailed otherwise."""
        response = self._call(
            "update_item",
            TableName=self.name,
            Key=_key(key),
            ReturnValues="ALL_NEW",
            **update.arguments(),
        )
        return from_raw(response["Attributes"])

    def update_with(self, key: Key, update: Update, also: Mapping[str, Operation]) -> None:
        """A conditional update committed together with other writes (its notices, say);
        ConditionFailed, with the item as it was, if the update's own condition fails."""
        if not also:
            self.update(key, update)
            return
        try:
            self.transact({"item": self.update_op(key, update), **also})
        except TransactionFailed as failure:
            if "item" in failure.failed:
                raise ConditionFailed(failure.failed["item"]) from None
            logger.error("A write's companions failed", failed=list(failure.failed))
            raise ServiceUnavailable() from None

    def delete(self, key: Key) -> None:
        self._call("delete_item", TableName=self.name, Key=_key(key))

    def delete_if(self, key: Key, condition: str, values: Mapping[str, Any]) -> bool:
        """Delete the item if `condition` holds; False if it does not (or there is none)."""
        arguments: dict[str, Any] = {"ConditionExpression": condition}
        if names := _names(condition):
            arguments["ExpressionAttributeNames"] = names
        arguments["ExpressionAttributeValues"] = to_raw(dict(values))
        try:
            self._call("delete_item", TableName=self.name, Key=_key(key), **arguments)
        except ConditionFailed:
            return False
        return True

    # ---- many items at once --------------------------------------------------------------

    def get_many(self, keys: list[Key]) -> dict[Key, Item]:
        """Up to 100 items in one call (more only for what DynamoDB leaves unprocessed),
        strongly consistent; absent ones are missing from the answer."""
        wanted: dict[str, Any] = {
            "Keys": [_key(key) for key in dict.fromkeys(keys)],
            "ConsistentRead": True,
        }
        found: dict[Key, Item] = {}
        for attempt in range(_BATCH_ATTEMPTS):
            if not wanted["Keys"]:
                return found
            _back_off(attempt)
            response = self._call("batch_get_item", RequestItems={self.name: wanted})
            for raw in response.get("Responses", {}).get(self.name, []):
                item = from_raw(raw)
                found[(item["PK"], item["SK"])] = item
            wanted = response.get("UnprocessedKeys", {}).get(self.name, {"Keys": []})
        if not wanted["Keys"]:
            return found
        logger.error("DynamoDB left keys unread", count=len(wanted["Keys"]))
        raise ServiceUnavailable()

    def write_many(self, puts: list[Item], deletes: list[Key]) -> None:
        """Unconditional puts and deletes, 25 to a call (for index entries, whose readers
        check the item they point at: a retry or a partial write finds nothing false)."""
        requests = [{"PutRequest": {"Item": to_raw(item)}} for item in puts] + [
            {"DeleteRequest": {"Key": _key(key)}} for key in deletes
        ]
        for start in range(0, len(requests), 25):
            pending = {self.name: requests[start : start + 25]}
            for attempt in range(_BATCH_ATTEMPTS):
                if not pending.get(self.name):
                    break
                _back_off(attempt)
                response = self._call("batch_write_item", RequestItems=pending)
                pending = response.get("UnprocessedItems", {})
            if pending.get(self.name):
                logger.error("DynamoDB left writes undone", count=len(pending[self.name]))
                raise ServiceUnavailable()

    # ---- transactions ------------------------------------------------------------------

    def put_op(self, item: Item) -> Operation:
        return {
            "Put": {
                "TableName": self.name,
                "Item": to_raw(item),
                "ConditionExpression": "attribute_not_exists(PK)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }

    def replace_op(self, item: Item) -> Operation:
        """Write an item whatever was there (an index entry, say)."""
        return {"Put": {"TableName": self.name, "Item": to_raw(item)}}

    def delete_op(self, key: Key, condition: str = "") -> Operation:
        delete: dict[str, Any] = {"TableName": self.name, "Key": _key(key)}
        if condition:
            delete["ConditionExpression"] = condition
        return {"Delete": delete}

    def update_op(self, key: Key, update: Update) -> Operation:
        return {"Update": {"TableName": self.name, "Key": _key(key), **update.arguments()}}

    def check_op(
        self, key: Key, condition: str, values: Mapping[str, Any] | None = None
    ) -> Operation:
        check: dict[str, Any] = {
            "TableName": self.name,
            "Key": _key(key),
            "ConditionExpression": condition,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        if names := _names(condition):
            check["ExpressionAttributeNames"] = names
        if values:
            check["ExpressionAttributeValues"] = to_raw(dict(values))
        return {"ConditionCheck": check}

    def transact(self, operations: Mapping[str, Operation]) -> None:
        """All or nothing. TransactionFailed names the operations whose conditions failed."""
        names = list(operations)
        try:
            self.client.transact_write_items(TransactItems=list(operations.values()))
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                logger.error("DynamoDB transaction failed", error_code=error_code(error))
                raise ServiceUnavailable() from None
            reasons = error.response.get("CancellationReasons", [])
            failed = {
                names[index]: (from_raw(reason["Item"]) if reason.get("Item") else None)
                for index, reason in enumerate(reasons)
                if reason.get("Code") == "ConditionalCheckFailed"
            }
            if not failed:
                # Conflicts with another transaction in flight: the caller may retry.
                logger.warning("Transaction cancelled", reasons=[r.get("Code") for r in reasons])
                raise ServiceUnavailable() from None
            raise TransactionFailed(failed) from None

    # ---- queries -----------------------------------------------------------------------

    def query(self, query: Query, limit: int | None = None, start: Item | None = None) -> Any:
        """One page of DynamoDB's own answer (Items, LastEvaluatedKey)."""
        arguments = query.arguments(self.name)
        if limit is not None:
            arguments["Limit"] = limit
        if start:
            arguments["ExclusiveStartKey"] = to_raw(start)
        return self._call("query", **arguments)

    def items(self, query: Query) -> Iterator[Item]:
        """Every item of a partition (or its narrowed part), page by page."""
        start: Item | None = None
        while True:
            response = self.query(query, start=start)
            yield from (from_raw(raw) for raw in response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                return
            start = from_raw(response["LastEvaluatedKey"])

    def count(self, query: Query) -> int:
        """How many items a query matches (Select COUNT reads none of them out)."""
        arguments = query.arguments(self.name) | {"Select": "COUNT"}
        total = 0
        while True:
            response = self._call("query", **arguments)
            total += int(response.get("Count", 0))
            if "LastEvaluatedKey" not in response:
                return total
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def _back_off(attempt: int) -> None:
    """Nothing before the first call; then what DynamoDB asks of a throttled batch."""
    if attempt:
        time.sleep(min(0.05 * 2**attempt, 1.0))


def _key(key: Key) -> dict[str, Any]:
    return to_raw({"PK": key[0], "SK": key[1]})
