"""Standing: the Code of Practice as published, training and supervision as recorded, and each
person's standing as last assessed (mentoring.domain.standing).

Access patterns (keys in mentoring.data.keys):

| pattern                                      | where | key condition                        |
|----------------------------------------------|-------|--------------------------------------|
| the current Code of Practice                 | table | PK = SCHEME, SK = CODE_OF_PRACTICE   |
| one version, published once                  | table | PK = CODE_OF_PRACTICE#<v>, SK VERSION|
| standings to check again by a day            | GSI3  | GSI3PK = STANDING#checks, GSI3SK <= d |
| every registered mentee or mentor (a Code's  | GSI2  | GSI2PK = MENTEE or MENTOR            |
|   announcement), a page at a time            |       |                                      |

A person's standing is written with the change that moves it, conditional on their profile
as it was read (`updated_at`), with the notices it owes them; a mentor's directory entries
follow it in the same write (mentoring.data.mentor_listing). The reasons each person has
been told of are kept on their profile, so each is told once however often it is assessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from mentoring.data.dynamo import Item, from_raw
from mentoring.data.keys import (
    CURRENT_CODE,
    MENTEE,
    MENTOR,
    STANDING_CHECKS,
    code_version_key,
    mentee_key,
    stored_time,
    supervision_key,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.standing_items import read_current_code, session_item
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed, Update
from mentoring.data.transitions import (
    profile_update,
    with_standing_check,
)
from mentoring.domain.records import (
    CodeOfPracticeRecord,
    MenteeRecord,
    MentorRecord,
    SupervisionRecord,
)
from mentoring.errors import ServiceUnavailable, VersionExists
from mentoring.mail.notices import Notice
from mentoring.services.ports import StandingChanged


class StandingStore:
    def __init__(self, table: Table):
        self._table = table

    # ---- the Code of Practice ----------------------------------------------------------

    def current_code(self) -> CodeOfPracticeRecord | None:
        return read_current_code(self._table)

    def publish(self, code: CodeOfPracticeRecord, first_version: str) -> None:
        """The new current Code; VersionExists if that version was ever published (or is the
        template's first)."""
        if code.version == first_version:
            raise VersionExists()
        data = code.model_dump(mode="json")
        pk, sk = code_version_key(code.version)
        try:
            self._table.transact(
                {
                    "version": self._table.put_op({"PK": pk, "SK": sk, "entity": "code"} | data),
                    "current": self._table.replace_op(
                        {"PK": CURRENT_CODE[0], "SK": CURRENT_CODE[1], "entity": "code"} | data
                    ),
                }
            )
        except TransactionFailed as failure:
            if "version" in failure.failed:
                raise VersionExists() from None
            raise ServiceUnavailable() from None

    def registered(
        self, role: str, start: Item | None, limit: int
    ) -> tuple[list[MenteeRecord | MentorRecord], Item | None]:
        """One page of registered mentees or mentors (as the index has them: a moment behind,
        perhaps), and where the next page begins."""
        answer = self._table.query(Query(role, index="GSI2"), limit=limit, start=start)
        model = MentorRecord if role == MENTOR else MenteeRecord
        last = answer.get("LastEvaluatedKey")
        people: list[MenteeRecord | MentorRecord] = [
            model.model_validate(from_raw(item)) for item in answer.get("Items", [])
        ]
        return people, (from_raw(last) if last else None)

    # ---- the schedule's checks ---------------------------------------------------------

    def due_for_check(self, day: date) -> Iterator[tuple[str, str]]:
        """(user, role) of every standing that could change by `day`: an index query."""
        query = Query(
            STANDING_CHECKS,
            index="GSI3",
            sort="#GSI3SK <= :day",
            sort_values={":day": f"{day.isoformat()}#~"},
        )
        for item in self._table.items(query):
            _, user_id, role = str(item["GSI3SK"]).split("#")
            yield user_id, role

    # ---- a mentee's standing -----------------------------------------------------------

    def restand_mentee(
        self,
        current: MenteeRecord,
        changes: dict[str, Any],
        now: datetime,
        notices: Sequence[Notice],
    ) -> None:
        """A mentee's standing (with `changes`, say the Code they agreed), written on their
        profile as read; StandingChanged if it changed since."""
        update = profile_update(
            with_standing_check(changes, current.user_id, MENTEE),
            now,
            "#updated_at = :seen",
            {":seen": stored_time(current.updated_at)},
        )
        try:
            self._table.update_with(
                mentee_key(current.user_id), update, notice_ops(self._table, notices)
            )
        except ConditionFailed:
            raise StandingChanged() from None

    # ---- records -----------------------------------------------------------------------

    def record_session(self, record: SupervisionRecord) -> None:
        """The session itself (each attendance is written with its mentor's standing)."""
        self._table.put(session_item(record))

    # ---- announcing a new Code ---------------------------------------------------------

    def announcement_position(self, version: str, role: str) -> Item | bool | None:
        """Where the announcement of `version` to `role` stands: False when done, None when
        not begun, else the key of the page to go on from."""
        item = self._table.get(CURRENT_CODE) or {}
        if item.get("version") != version:
            return False  # superseded: a newer Code is being announced
        position = item.get(f"announced_{role}")
        if position is None:
            return None
        if position == DONE:
            return False
        loaded: Item = json.loads(str(position))
        return loaded

    def save_announcement_position(self, version: str, role: str, start: Item | bool) -> None:
        self._table.update(
            CURRENT_CODE,
            Update(
                set={f"announced_{role}": DONE if start is False else json.dumps(start)},
                condition="#version = :version",
                values={":version": version},
            ),
        )

    def unannounced(self) -> CodeOfPracticeRecord | None:
        """The current Code, while its announcement is not finished (the schedule's)."""
        item = self._table.get(CURRENT_CODE)
        if item is None or all(item.get(f"announced_{role}") == DONE for role in ROLES):
            return None
        return CodeOfPracticeRecord.model_validate(item)

    def forget_attendance(self, supervision_id: str, mentor_id: str) -> None:
        """Erasure: the session no longer names them (their attendance goes with their own
        partition)."""
        self._table.update(
            supervision_key(supervision_id),
            Update(discard={"attendees": frozenset({mentor_id})}),
        )


ROLES = (MENTEE, MENTOR)
DONE = "done"
