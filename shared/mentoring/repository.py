"""Profiles in the single table: mentees, mentors, the directory and mentor vetting.

Access patterns (table keys PK/SK; overloaded GSIs GSI1, GSI2, GSI3); the matching ones are in
mentoring.matching_repository:

| pattern                               | index | key condition                                    |
|---------------------------------------|-------|--------------------------------------------------|
| a user's profiles (GET /me)           | table | PK = USER#<user_id>, SK MENTEE..MENTOR           |
| one profile                           | table | PK = USER#<user_id>, SK = MENTEE or MENTOR       |
| directory of approved mentors         | GSI1  | GSI1PK = DIRECTORY, ordered by GSI1SK = name#id  |
|   (sparse: only approved mentors carry GSI1PK)                                                 |
| mentors by status, for administrators | GSI2  | GSI2PK = MENTOR, GSI2SK begins_with <status>#    |
| mentees by status (report counts)     | GSI2  | GSI2PK = MENTEE, GSI2SK begins_with <status>#    |

No path scans the table. Every invariant is a condition on the write that needs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from mentoring.dynamo_table import (
    ConditionFailed,
    DynamoTable,
    Source,
    TransactionFailed,
    stored,
    stored_time,
)
from mentoring.errors import (
    AlreadyRegistered,
    InvalidTransition,
    NotFound,
    Unauthenticated,
    ValidationFailed,
)
from mentoring.models import Page
from mentoring.pagination import PageRequest
from mentoring.records import MenteeRecord, MentorRecord, MentorStatus

MENTEE_SK = "MENTEE"
MENTOR_SK = "MENTOR"
# Written when an account is erased: the identity's old ID tokens stay valid until they
# expire, and must not register (or act) again. Kept a day (TTL), beyond any such token, and
# keyed by a one-way hash of the id, so that nothing left in the table names the person.
ERASED_SK = "ERASED"
ERASED_ACCOUNT = "This account has been erased. Sign up again to take part."
DIRECTORY_PK = "DIRECTORY"
MENTORS_PK = "MENTOR"
MENTEES_PK = "MENTEE"


def user_pk(user_id: str) -> str:
    return f"USER#{user_id}"


def erased_pk(user_id: str) -> str:
    return f"ERASED#{hashlib.sha256(user_id.encode()).hexdigest()}"


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


def _directory_sort_key(name: str, user_id: str) -> str:
    return f"{name.casefold()}#{user_id}"


def _status_sort_key(status: MentorStatus, created_at: str, user_id: str) -> str:
    return f"{status.value}#{created_at}#{user_id}"


class DynamoRepository(DynamoTable):
    def add_mentee(self, record: MenteeRecord) -> None:
        data = stored(record)
        item = {
            "PK": user_pk(record.user_id),
            "SK": MENTEE_SK,
            "entity": "mentee",
            "GSI2PK": MENTEES_PK,
            "GSI2SK": f"{record.status.value}#{data['created_at']}#{record.user_id}",
        }
        self._add_profile(item | data, AlreadyRegistered("You are already registered as a mentee."))

    def add_mentor(self, record: MentorRecord) -> None:
        data = stored(record)
        item = {
            "PK": user_pk(record.user_id),
            "SK": MENTOR_SK,
            "entity": "mentor",
            "GSI1SK": _directory_sort_key(record.name, record.user_id),
            "GSI2PK": MENTORS_PK,
            "GSI2SK": _status_sort_key(record.status, data["created_at"], record.user_id),
        }
        if record.status is MentorStatus.APPROVED:
            item["GSI1PK"] = DIRECTORY_PK
        self._add_profile(item | data, AlreadyRegistered("You have already applied as a mentor."))

    def get_mentee(self, user_id: str) -> MenteeRecord | None:
        item = self.get(user_pk(user_id), MENTEE_SK)
        return MenteeRecord.model_validate(item) if item else None

    def get_mentor(self, user_id: str) -> MentorRecord | None:
        item = self.get(user_pk(user_id), MENTOR_SK)
        return MentorRecord.model_validate(item) if item else None

    def get_profiles(self, user_id: str) -> tuple[MenteeRecord | None, MentorRecord | None]:
        items = {
            item["SK"]: item
            for item in self.query_all(
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
        try:
            item = self._update_profile(user_id, MENTEE_SK, dict(changes), now)
        except ConditionFailed:
            raise NotFound("You have no mentee profile.") from None
        return MenteeRecord.model_validate(item)

    def update_mentor(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MentorRecord:
        extra: dict[str, Any] = {}
        if "name" in changes:
            extra["GSI1SK"] = _directory_sort_key(changes["name"], user_id)
        condition = ""
        values: dict[str, Any] = {}
        if "capacity" in changes:
            # Capacity may never drop below the places already taken.
            condition = "active_matches <= :new_capacity"
            values[":new_capacity"] = changes["capacity"]
        try:
            item = self._update_profile(
                user_id, MENTOR_SK, dict(changes) | extra, now, condition, values
            )
        except ConditionFailed as failure:
            if failure.old_item is None:
                raise NotFound("You have no mentor profile.") from None
            raise ValidationFailed.on(
                "capacity",
                "below_active_matches",
                "Capacity cannot be lower than your current number of mentees.",
            ) from None
        return MentorRecord.model_validate(item)

    def change_mentor_status(
        self, user_id: str, to: MentorStatus, allowed_from: frozenset[MentorStatus], now: datetime
    ) -> MentorRecord:
        # The status index sorts by creation time, which only the item knows; it never
        # changes, so reading it first is safe. The status rule itself is the write's condition.
        current = self.get_mentor(user_id)
        if current is None:
            raise NotFound("No mentor with that id.")
        values: dict[str, Any] = {
            ":to": to.value,
            ":now": stored_time(now),
            ":status_key": _status_sort_key(to, stored(current)["created_at"], user_id),
        }
        allowed = []
        for index, status in enumerate(sorted(allowed_from)):
            values[f":from{index}"] = status.value
            allowed.append(f":from{index}")
        sets = ["#status = :to", "updated_at = :now", "GSI2SK = :status_key"]
        if to is MentorStatus.APPROVED:
            sets += ["GSI1PK = :directory", "approved_at = :now"]
            values[":directory"] = DIRECTORY_PK
            removes = ["suspended_at"]
        else:
            sets.append("suspended_at = :now")
            removes = ["GSI1PK"]
        try:
            item = self.update(
                user_pk(user_id),
                MENTOR_SK,
                "SET " + ", ".join(sets) + " REMOVE " + ", ".join(removes),
                values,
                f"attribute_exists(PK) AND #status IN ({', '.join(allowed)})",
                names={"#status": "status"},
            )
        except ConditionFailed as failure:
            if failure.old_item is None:
                raise NotFound("No mentor with that id.") from None
            raise InvalidTransition(
                f"A mentor who is {failure.old_item.get('status')} cannot become {to.value}."
            ) from None
        return MentorRecord.model_validate(item)

    def mentors_by_status(
        self, status: MentorStatus | None, page: PageRequest
    ) -> Page[MentorRecord]:
        source = Source("mentors", "GSI2", "GSI2PK", MENTORS_PK)
        if status is not None:
            source = Source(
                "mentors",
                "GSI2",
                "GSI2PK",
                MENTORS_PK,
                condition="begins_with(GSI2SK, :status)",
                values={":status": f"{status.value}#"},
            )
        return self.page(
            MentorRecord,
            scope=f"mentors:{status.value if status else 'all'}",
            sources=[source],
            page=page,
        )

    def directory(
        self, matches: Callable[[MentorRecord], bool], page: PageRequest
    ) -> Page[MentorRecord]:
        return self.page(
            MentorRecord,
            scope="directory",
            sources=[Source("directory", "GSI1", "GSI1PK", DIRECTORY_PK)],
            page=page,
            matches=matches,
        )

    def _add_profile(self, item: dict[str, Any], if_exists: Exception) -> None:
        """A new profile, unless the account behind it has been erased (an old token)."""
        try:
            self.transact(
                [
                    self.put_operation(item),
                    self.condition_operation(
                        erased_pk(item["user_id"]), ERASED_SK, "attribute_not_exists(PK)", {}, {}
                    ),
                ]
            )
        except TransactionFailed as failure:
            if 1 in failure.failed:
                raise Unauthenticated(ERASED_ACCOUNT) from None
            raise if_exists from None

    def _update_profile(
        self,
        user_id: str,
        sk: str,
        changes: dict[str, Any],
        now: datetime,
        condition: str = "",
        condition_values: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        names: dict[str, str] = {}
        values: dict[str, Any] = {":now": stored_time(now), **(condition_values or {})}
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
        return self.update(user_pk(user_id), sk, expression, values, full_condition, names)
