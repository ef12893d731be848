"""The repository's plumbing: conditional writes, transactions and paginated index queries."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel

from mentoring.cursor_seal import AesGcmSeal, CursorSeal
from mentoring.dynamo import (
    Item,
    dynamodb_client,
    error_code,
    from_raw,
    is_condition_failure,
    to_raw,
)
from mentoring.errors import BadRequest, ServiceUnavailable
from mentoring.models import Page
from mentoring.observability import logger
from mentoring.pagination import DONE, PageRequest, Position, decode_cursor, encode_cursor

R = TypeVar("R", bound=BaseModel)
TABLE_KEYS = ("PK", "SK")
_QUERY_BATCH = 50


def stored_time(moment: datetime) -> str:
    """The same text pydantic writes for a UTC datetime, so stored times sort and parse alike."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def stored(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


class ConditionFailed(Exception):
    """A conditional write found the item in another state (old_item: as it was, or None)."""

    def __init__(self, old_item: Item | None):
        super().__init__("condition failed")
        self.old_item = old_item


class TransactionFailed(Exception):
    """A transaction was cancelled; `failed` maps each failed operation's index to its item."""

    def __init__(self, failed: dict[int, Item | None]):
        super().__init__("transaction cancelled")
        self.failed = failed


@dataclass(frozen=True)
class Source:
    """One partition a list is read from: of an index, or of the table itself (index "")."""

    name: str
    index: str
    partition_key: str
    partition_value: str
    condition: str = ""  # extra key condition on the sort key, e.g. begins_with(...)
    values: Mapping[str, Any] | None = None

    @property
    def sort_key(self) -> str:
        return f"{self.index}SK" if self.index else "SK"

    @property
    def key_names(self) -> frozenset[str]:
        return frozenset({*TABLE_KEYS, self.partition_key, self.sort_key})


def _deployment_seal() -> CursorSeal:
    from mentoring.action_secret import read_secret  # noqa: PLC0415 - read only when paging
    from mentoring.config import settings  # noqa: PLC0415

    return AesGcmSeal(lambda: read_secret(settings().action_secret_arn))


class DynamoTable:
    def __init__(
        self, table_name: str, client: Any | None = None, cursors: CursorSeal | None = None
    ):
        self._table = table_name
        self._client = client
        self._cursors = cursors

    @property
    def cursors(self) -> CursorSeal:
        if self._cursors is None:
            self._cursors = _deployment_seal()
        return self._cursors

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    # ---- single items ------------------------------------------------------------------

    def put_new(self, item: Item, if_exists: Exception) -> None:
        try:
            self.client.put_item(
                TableName=self._table,
                Item=to_raw(item),
                ConditionExpression="attribute_not_exists(PK)",
            )
        except ClientError as error:
            if is_condition_failure(error):
                raise if_exists from None
            raise self.unavailable("put_item", error) from None

    def put(self, item: Item) -> None:
        """Write an item whatever was there (for items that only mark a fact)."""
        try:
            self.client.put_item(TableName=self._table, Item=to_raw(item))
        except ClientError as error:
            raise self.unavailable("put_item", error) from None

    def get(self, pk: str, sk: str) -> Item | None:
        try:
            response = self.client.get_item(
                TableName=self._table, Key=to_raw({"PK": pk, "SK": sk}), ConsistentRead=True
            )
        except ClientError as error:
            raise self.unavailable("get_item", error) from None
        raw = response.get("Item")
        return from_raw(raw) if raw else None

    def update(
        self,
        pk: str,
        sk: str,
        expression: str,
        values: dict[str, Any],
        condition: str,
        names: dict[str, str] | None = None,
    ) -> Item:
        """A conditional update; ConditionFailed carries the item as it was."""
        arguments = self._update_arguments(pk, sk, expression, values, condition, names)
        arguments["ReturnValues"] = "ALL_NEW"
        try:
            response = self.client.update_item(**arguments)
        except ClientError as error:
            if is_condition_failure(error):
                old = error.response.get("Item")
                raise ConditionFailed(from_raw(old) if old else None) from None
            raise self.unavailable("update_item", error) from None
        return from_raw(response["Attributes"])

    def claim(
        self,
        pk: str,
        sk: str,
        attribute: str,
        value: datetime,
        condition: str,
        values: dict[str, Any] | None = None,
    ) -> bool:
        """Set `attribute` to `value` if `condition` holds: True if this caller won the claim."""
        try:
            self.update(
                pk,
                sk,
                f"SET {attribute} = :value",
                {":value": stored_time(value), **(values or {})},
                condition,
                {"#status": "status"} if "#status" in condition else None,
            )
        except ConditionFailed:
            return False
        return True

    def release(self, pk: str, sk: str, attribute: str, value: datetime) -> None:
        """Give a claim back (its email could not be sent), if it is still the one we set."""
        try:
            self.update(
                pk,
                sk,
                f"REMOVE {attribute}",
                {":value": stored_time(value)},
                f"{attribute} = :value",
            )
        except ConditionFailed:
            logger.warning("Claim already released", step=attribute)

    def update_operation(
        self,
        pk: str,
        sk: str,
        expression: str,
        values: dict[str, Any],
        condition: str,
        names: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The same update, as one operation of a transaction."""
        return {"Update": self._update_arguments(pk, sk, expression, values, condition, names)}

    def put_operation(self, item: Item) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._table,
                "Item": to_raw(item),
                "ConditionExpression": "attribute_not_exists(PK)",
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }

    def condition_operation(
        self, pk: str, sk: str, condition: str, values: dict[str, Any], names: dict[str, str]
    ) -> dict[str, Any]:
        check: dict[str, Any] = {
            "TableName": self._table,
            "Key": to_raw({"PK": pk, "SK": sk}),
            "ConditionExpression": condition,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        # DynamoDB refuses empty maps here.
        if values:
            check["ExpressionAttributeValues"] = to_raw(values)
        if names:
            check["ExpressionAttributeNames"] = names
        return {"ConditionCheck": check}

    def transact(self, operations: list[dict[str, Any]]) -> None:
        """All or nothing; TransactionFailed says which operations' conditions failed."""
        try:
            self.client.transact_write_items(TransactItems=operations)
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                raise self.unavailable("transact_write_items", error) from None
            reasons = error.response.get("CancellationReasons", [])
            failed = {
                index: (from_raw(reason["Item"]) if reason.get("Item") else None)
                for index, reason in enumerate(reasons)
                if reason.get("Code") == "ConditionalCheckFailed"
            }
            if not failed:
                # Conflicts with another transaction in flight: the caller may retry.
                codes = [reason.get("Code") for reason in reasons]
                logger.warning("Transaction cancelled", reasons=codes)
                raise ServiceUnavailable() from None
            raise TransactionFailed(failed) from None

    def _update_arguments(
        self,
        pk: str,
        sk: str,
        expression: str,
        values: dict[str, Any],
        condition: str,
        names: dict[str, str] | None,
    ) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "Key": to_raw({"PK": pk, "SK": sk}),
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        if values:
            arguments["ExpressionAttributeValues"] = to_raw(values)
        if names:
            arguments["ExpressionAttributeNames"] = names
        return arguments

    # ---- queries -----------------------------------------------------------------------

    def query_all(
        self, condition: str, values: dict[str, Any], index: str | None = None
    ) -> Iterator[Item]:
        """Every item a key condition matches, page by page (consistent reads on the table)."""
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
        }
        if index:
            arguments["IndexName"] = index
        else:
            arguments["ConsistentRead"] = True
        while True:
            try:
                response = self.client.query(**arguments)
            except ClientError as error:
                raise self.unavailable("query", error) from None
            yield from (from_raw(raw) for raw in response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                return
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def page(
        self,
        model: type[R],
        *,
        scope: str,
        sources: list[Source],
        page: PageRequest,
        matches: Callable[[R], bool] | None = None,
        newest_first: bool = False,
    ) -> Page[R]:
        """One page of a list read from one or more index partitions, merged by sort key.

        Filtering happens after the read (not with a FilterExpression) so that the cursor can
        point at the last item shown: a page never skips a match, never ends empty.
        """
        positions: dict[str, Position] = {source.name: None for source in sources}
        if page.cursor:
            positions = decode_cursor(
                page.cursor,
                scope,
                {source.name: source.key_names for source in sources},
                self.cursors,
            )
        candidates: list[tuple[str, int, R, Item]] = []
        more_beyond: dict[str, bool] = {}
        for order, source in enumerate(sources):
            position = positions[source.name]
            if position == DONE:
                more_beyond[source.name] = False
                continue
            start = position if isinstance(position, dict) else None
            found, more = self._collect(
                model, source, start, page.limit + 1, matches, newest_first, bool(page.cursor)
            )
            more_beyond[source.name] = more
            candidates += [(item[source.sort_key], order, record, item) for record, item in found]
        merged = heapq.nsmallest(
            page.limit + 1,
            candidates,
            key=lambda c: (_descending(c[0]) if newest_first else c[0], c[1]),
        )
        shown = merged[: page.limit]
        shown_ids = {id(candidate) for candidate in shown}
        next_positions = dict(positions)
        for order, source in enumerate(sources):
            taken = [c for c in shown if c[1] == order]
            left = [c for c in candidates if c[1] == order and id(c) not in shown_ids]
            if taken:
                last = taken[-1][3]
                next_positions[source.name] = {name: last[name] for name in source.key_names}
            if not left and not more_beyond[source.name]:
                next_positions[source.name] = DONE
        has_more = any(position != DONE for position in next_positions.values())
        return Page[R](
            items=[c[2] for c in shown],
            next_cursor=encode_cursor(scope, next_positions, self.cursors) if has_more else None,
        )

    def _collect(
        self,
        model: type[R],
        source: Source,
        start: dict[str, str] | None,
        wanted: int,
        matches: Callable[[R], bool] | None,
        newest_first: bool,
        from_cursor: bool,
    ) -> tuple[list[tuple[R, Item]], bool]:
        """Up to `wanted` matching items after `start`, and whether the partition goes on."""
        if start is not None and start.get(source.partition_key) != source.partition_value:
            raise BadRequest("The cursor is not valid for this list.")
        condition = f"{source.partition_key} = :pk"
        values: dict[str, Any] = {":pk": source.partition_value, **(source.values or {})}
        if source.condition:
            condition += f" AND {source.condition}"
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
            "ScanIndexForward": not newest_first,
            "Limit": max(wanted, _QUERY_BATCH) if matches else wanted,
        }
        if source.index:
            arguments["IndexName"] = source.index
        else:
            arguments["ConsistentRead"] = True
        if start:
            arguments["ExclusiveStartKey"] = to_raw(start)
        found: list[tuple[R, Item]] = []
        while True:
            try:
                response = self.client.query(**arguments)
            except ClientError as error:
                if from_cursor and error_code(error) == "ValidationException":
                    raise BadRequest("The cursor is not valid for this list.") from None
                raise self.unavailable("query", error) from None
            for raw in response.get("Items", []):
                item = from_raw(raw)
                record = model.model_validate(item)
                if matches is None or matches(record):
                    found.append((record, item))
            if "LastEvaluatedKey" not in response:
                return found, False
            if len(found) >= wanted:
                return found, True
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def count(self, index: str, condition: str, values: dict[str, Any]) -> int:
        """How many items of an index a key condition matches (Select COUNT reads none out)."""
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": index,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
            "Select": "COUNT",
        }
        total = 0
        while True:
            try:
                response = self.client.query(**arguments)
            except ClientError as error:
                raise self.unavailable("query", error) from None
            total += int(response.get("Count", 0))
            if "LastEvaluatedKey" not in response:
                return total
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def delete(self, pk: str, sk: str) -> None:
        try:
            self.client.delete_item(TableName=self._table, Key=to_raw({"PK": pk, "SK": sk}))
        except ClientError as error:
            raise self.unavailable("delete_item", error) from None

    def unavailable(self, operation: str, error: ClientError) -> ServiceUnavailable:
        logger.error("DynamoDB call failed", operation=operation, error_code=error_code(error))
        return ServiceUnavailable()


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse, for merging newest-first lists."""
    return (*(-ord(character) for character in text), 1)
