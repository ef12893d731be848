"""The DynamoDB repository: the one place that knows the single-table layout.

Access patterns (table keys PK/SK, overloaded GSIs GSI1 and GSI2):

| pattern                              | index | key condition                                   |
|--------------------------------------|-------|-------------------------------------------------|
| a user's profiles (GET /me)          | table | PK = USER#<user_id>                             |
| one profile                          | table | PK = USER#<user_id>, SK = MENTEE or MENTOR      |
| directory of approved mentors        | GSI1  | GSI1PK = DIRECTORY, ordered by GSI1SK = name#id |
|   (sparse: only approved mentors carry GSI1PK)                                                |
| mentors for administrators, by status| GSI2  | GSI2PK = MENTOR, GSI2SK begins_with <status>#   |

No path scans the table. Every invariant is a condition on the write that needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel

from mentoring.dynamo import (
    Item,
    dynamodb_client,
    error_code,
    from_raw,
    is_condition_failure,
    to_raw,
)
from mentoring.errors import (
    AlreadyRegistered,
    BadRequest,
    InvalidTransition,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)
from mentoring.models import Page
from mentoring.observability import logger
from mentoring.pagination import PageRequest, decode_cursor, encode_cursor
from mentoring.records import MenteeRecord, MentorRecord, MentorStatus

R = TypeVar("R", bound=BaseModel)

MENTEE_SK = "MENTEE"
MENTOR_SK = "MENTOR"
DIRECTORY_PK = "DIRECTORY"
MENTORS_PK = "MENTOR"
_TABLE_KEYS = ("PK", "SK")
_QUERY_BATCH = 50


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


class ProfileRepository(Protocol):
    """What the registration and directory services need of storage."""

    def add_mentee(self, record: MenteeRecord) -> None: ...
    def add_mentor(self, record: MentorRecord) -> None: ...
    def get_mentee(self, user_id: str) -> MenteeRecord | None: ...
    def get_mentor(self, user_id: str) -> MentorRecord | None: ...
    def get_profiles(self, user_id: str) -> tuple[MenteeRecord | None, MentorRecord | None]: ...
    def update_mentee(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MenteeRecord: ...
    def update_mentor(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MentorRecord: ...
    def change_mentor_status(
        self, user_id: str, to: MentorStatus, allowed_from: frozenset[MentorStatus], now: datetime
    ) -> MentorRecord: ...
    def mentors_by_status(
        self, status: MentorStatus | None, page: PageRequest
    ) -> Page[MentorRecord]: ...
    def directory(
        self, matches: Callable[[MentorRecord], bool], page: PageRequest
    ) -> Page[MentorRecord]: ...


def _stored(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


def _directory_sort_key(record_name: str, user_id: str) -> str:
    return f"{record_name.casefold()}#{user_id}"


def _status_sort_key(status: MentorStatus, created_at: str, user_id: str) -> str:
    return f"{status.value}#{created_at}#{user_id}"


class DynamoRepository:
    def __init__(self, table_name: str, client: Any | None = None):
        self._table = table_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    # ---- profiles ----------------------------------------------------------------------

    def add_mentee(self, record: MenteeRecord) -> None:
        item = {"PK": user_pk(record.user_id), "SK": MENTEE_SK, "entity": "mentee"}
        self._put_new(
            item | _stored(record), AlreadyRegistered("You are already registered as a mentee.")
        )

    def add_mentor(self, record: MentorRecord) -> None:
        stored = _stored(record)
        item = {
            "PK": user_pk(record.user_id),
            "SK": MENTOR_SK,
            "entity": "mentor",
            "GSI1SK": _directory_sort_key(record.name, record.user_id),
            "GSI2PK": MENTORS_PK,
            "GSI2SK": _status_sort_key(record.status, stored["created_at"], record.user_id),
        }
        if record.status is MentorStatus.APPROVED:
            item["GSI1PK"] = DIRECTORY_PK
        self._put_new(item | stored, AlreadyRegistered("You have already applied as a mentor."))

    def get_mentee(self, user_id: str) -> MenteeRecord | None:
        item = self._get(user_pk(user_id), MENTEE_SK)
        return MenteeRecord.model_validate(item) if item else None

    def get_mentor(self, user_id: str) -> MentorRecord | None:
        item = self._get(user_pk(user_id), MENTOR_SK)
        return MentorRecord.model_validate(item) if item else None

    def get_profiles(self, user_id: str) -> tuple[MenteeRecord | None, MentorRecord | None]:
        items = {
            item["SK"]: item
            for item in self._query_all(
                "PK = :pk AND SK BETWEEN :first AND :last",
                {":pk": user_pk(user_id), ":first": MENTEE_SK, ":last": MENTOR_SK},
            )
        }
        mentee = items.get(MENTEE_SK)
        mentor = items.get(MENTOR_SK)
        return (
            MenteeRecord.model_validate(mentee) if mentee else None,
            MentorRecord.model_validate(mentor) if mentor else None,
        )

    def update_mentee(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MenteeRecord:
        item = self._update_profile(user_pk(user_id), MENTEE_SK, dict(changes), now)
        return MenteeRecord.model_validate(item)

    def update_mentor(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MentorRecord:
        extra: dict[str, Any] = {}
        if "name" in changes:
            extra["GSI1SK"] = _directory_sort_key(changes["name"], user_id)
        condition = None
        values: dict[str, Any] = {}
        if "capacity" in changes:
            # Capacity may never drop below the places already taken.
            condition = "active_matches <= :new_capacity"
            values[":new_capacity"] = changes["capacity"]
        try:
            item = self._update_profile(
                user_pk(user_id), MENTOR_SK, dict(changes) | extra, now, condition, values
            )
        except _ConditionFailed as failure:
            if failure.old_item is None:
                raise NotFound("You have no mentor profile.") from None
            raise ValidationFailed(
                details=[
                    {
                        "field": "capacity",
                        "code": "below_active_matches",
                        "message": "Capacity cannot be lower than your current number of mentees.",
                    }
                ]
            ) from None
        return MentorRecord.model_validate(item)

    def change_mentor_status(
        self, user_id: str, to: MentorStatus, allowed_from: frozenset[MentorStatus], now: datetime
    ) -> MentorRecord:
        names = {"#status": "status"}
        values: dict[str, Any] = {":to": to.value, ":now": _stored_time(now)}
        allowed = []
        for index, status in enumerate(sorted(allowed_from)):
            values[f":from{index}"] = status.value
            allowed.append(f":from{index}")
        sets = ["#status = :to", "updated_at = :now", "GSI2SK = :status_key"]
        removes = []
        if to is MentorStatus.APPROVED:
            sets += ["GSI1PK = :directory", "approved_at = :now"]
            values[":directory"] = DIRECTORY_PK
            removes.append("suspended_at")
        else:
            sets.append("suspended_at = :now")
            removes.append("GSI1PK")
        # The status index sorts by creation time, which only the item knows; it never
        # changes, so reading it first is safe. The status rule itself is the write's condition.
        current = self.get_mentor(user_id)
        if current is None:
            raise NotFound("No mentor with that id.")
        values[":status_key"] = _status_sort_key(
            to, _stored(current)["created_at"], current.user_id
        )
        expression = "SET " + ", ".join(sets) + " REMOVE " + ", ".join(removes)
        try:
            item = self._update(
                user_pk(user_id),
                MENTOR_SK,
                expression,
                names,
                values,
                f"attribute_exists(PK) AND #status IN ({', '.join(allowed)})",
            )
        except _ConditionFailed as failure:
            if failure.old_item is None:
                raise NotFound("No mentor with that id.") from None
            raise InvalidTransition(
                f"A mentor who is {failure.old_item.get('status')} cannot become {to.value}."
            ) from None
        return MentorRecord.model_validate(item)

    def mentors_by_status(
        self, status: MentorStatus | None, page: PageRequest
    ) -> Page[MentorRecord]:
        condition = "GSI2PK = :pk"
        values = {":pk": MENTORS_PK}
        if status is not None:
            condition += " AND begins_with(GSI2SK, :status)"
            values[":status"] = f"{status.value}#"
        return self._page(
            MentorRecord,
            index="GSI2",
            scope=f"mentors:{status.value if status else 'all'}",
            partition=("GSI2PK", MENTORS_PK),
            condition=condition,
            values=values,
            page=page,
        )

    def directory(
        self, matches: Callable[[MentorRecord], bool], page: PageRequest
    ) -> Page[MentorRecord]:
        return self._page(
            MentorRecord,
            index="GSI1",
            scope="directory",
            partition=("GSI1PK", DIRECTORY_PK),
            condition="GSI1PK = :pk",
            values={":pk": DIRECTORY_PK},
            page=page,
            matches=matches,
        )

    # ---- plumbing ----------------------------------------------------------------------

    def _put_new(self, item: Item, if_exists: Exception) -> None:
        try:
            self.client.put_item(
                TableName=self._table,
                Item=to_raw(item),
                ConditionExpression="attribute_not_exists(PK)",
            )
        except ClientError as error:
            if is_condition_failure(error):
                raise if_exists from None
            raise self._unavailable("put_item", error) from None

    def _get(self, pk: str, sk: str) -> Item | None:
        try:
            response = self.client.get_item(
                TableName=self._table, Key=to_raw({"PK": pk, "SK": sk}), ConsistentRead=True
            )
        except ClientError as error:
            raise self._unavailable("get_item", error) from None
        raw = response.get("Item")
        return from_raw(raw) if raw else None

    def _update_profile(
        self,
        pk: str,
        sk: str,
        changes: dict[str, Any],
        now: datetime,
        condition: str | None = None,
        condition_values: dict[str, Any] | None = None,
    ) -> Item:
        names: dict[str, str] = {}
        values: dict[str, Any] = {":now": _stored_time(now), **(condition_values or {})}
        sets = ["updated_at = :now"]
        removes = []
        for index, (field, value) in enumerate(sorted(changes.items())):
            names[f"#f{index}"] = field
            if value is None:
                removes.append(f"#f{index}")
            else:
                values[f":v{index}"] = value
                sets.append(f"#f{index} = :v{index}")
        expression = "SET " + ", ".join(sets)
        if removes:
            expression += " REMOVE " + ", ".join(removes)
        full_condition = "attribute_exists(PK)" + (f" AND {condition}" if condition else "")
        try:
            return self._update(pk, sk, expression, names, values, full_condition)
        except _ConditionFailed as failure:
            if failure.old_item is None or condition is None:
                raise NotFound("You have no profile in this role.") from None
            raise

    def _update(
        self,
        pk: str,
        sk: str,
        expression: str,
        names: dict[str, str],
        values: dict[str, Any],
        condition: str,
    ) -> Item:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "Key": to_raw({"PK": pk, "SK": sk}),
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
            "ReturnValues": "ALL_NEW",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        if names:
            arguments["ExpressionAttributeNames"] = names
        try:
            response = self.client.update_item(**arguments)
        except ClientError as error:
            if is_condition_failure(error):
                old = error.response.get("Item")
                raise _ConditionFailed(from_raw(old) if old else None) from None
            raise self._unavailable("update_item", error) from None
        return from_raw(response["Attributes"])

    def _query_all(self, condition: str, values: dict[str, Any]) -> Iterator[Item]:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
            "ConsistentRead": True,
        }
        while True:
            try:
                response = self.client.query(**arguments)
            except ClientError as error:
                raise self._unavailable("query", error) from None
            yield from (from_raw(raw) for raw in response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                return
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def _page(
        self,
        model: type[R],
        *,
        index: str,
        scope: str,
        partition: tuple[str, str],
        condition: str,
        values: dict[str, Any],
        page: PageRequest,
        matches: Callable[[R], bool] | None = None,
    ) -> Page[R]:
        """One page of an index query, filtered in code; the cursor marks the last item shown.

        Filtering after the read (not with a FilterExpression) lets the cursor point at the
        last item returned, so a page never skips matches and never ends on an empty page.
        """
        partition_name, partition_value = partition
        key_names = frozenset({*_TABLE_KEYS, partition_name, f"{index}SK"})
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": index,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": to_raw(values),
            "Limit": max(page.limit + 1, _QUERY_BATCH) if matches else page.limit + 1,
        }
        if page.cursor:
            start = decode_cursor(page.cursor, scope, key_names)
            if start[partition_name] != partition_value:
                raise BadRequest("The cursor is not valid for this list.")
            arguments["ExclusiveStartKey"] = to_raw(start)
        found: list[tuple[R, Item]] = []
        while len(found) <= page.limit:
            try:
                response = self.client.query(**arguments)
            except ClientError as error:
                if page.cursor and error_code(error) == "ValidationException":
                    raise BadRequest("The cursor is not valid for this list.") from None
                raise self._unavailable("query", error) from None
            for raw in response.get("Items", []):
                item = from_raw(raw)
                record = model.model_validate(item)
                if matches is None or matches(record):
                    found.append((record, item))
            if "LastEvaluatedKey" not in response:
                break
            arguments["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        shown = found[: page.limit]
        next_cursor = None
        if len(found) > page.limit:
            last = shown[-1][1]
            next_cursor = encode_cursor(scope, {name: last[name] for name in key_names})
        return Page[R](items=[record for record, _ in shown], next_cursor=next_cursor)

    def _unavailable(self, operation: str, error: ClientError) -> ServiceUnavailable:
        logger.error("DynamoDB call failed", operation=operation, error_code=error_code(error))
        return ServiceUnavailable()


class _ConditionFailed(Exception):
    def __init__(self, old_item: Item | None):
        super().__init__("condition failed")
        self.old_item = old_item


def _stored_time(moment: datetime) -> str:
    """The same text pydantic writes for a UTC datetime, so stored times sort and parse alike."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
