"""Concerns raised with the scheme administrator, and the administrator's answers.

Access patterns (keys in mentoring.data.keys):

| pattern                          | where | key condition                            |
|----------------------------------|-------|------------------------------------------|
| one concern                      | table | PK = CONCERN#<id>, SK = CONCERN          |
| a raiser's concerns, newest first | GSI1  | GSI1PK = RAISER_CONCERNS#<user>          |
| concerns by status, newest first | GSI3  | GSI3PK = CONCERNS#<status>               |

A concern is written with the administrator's notice and the raiser's acknowledgement; an
answer is written only from the status it was read in (so two answers at once cannot both
land), never to a closed concern. A closed concern is kept for the years the template says
(`ConcernKeptYears`), then DynamoDB's TTL deletes it. Erasing the raiser's account removes
their name, address and id from it; the concern itself stays, for safeguarding.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    about,
    concern_key,
    concerns_by_status,
    raised_by,
    stored_time,
    timed_key,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, read_page
from mentoring.data.table import ConditionFailed, Query, Table, Update
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import (
    ERASED_ID,
    ERASED_NAME,
    ConcernRecord,
    ConcernStatus,
)
from mentoring.errors import InvalidTransition, NoSuchConcern
from mentoring.mail.notices import Notice


def concern_item(record: ConcernRecord) -> Item:
    data = record.model_dump(mode="json")
    key = concern_key(record.concern_id)
    return {
        "PK": key[0],
        "SK": key[1],
        "entity": "concern",
        "GSI1PK": raised_by(record.raiser_id),
        "GSI1SK": timed_key(data["created_at"], record.concern_id),
        "GSI3PK": concerns_by_status(record.status.value),
        "GSI3SK": timed_key(data["created_at"], record.concern_id),
        **about(record.raiser_id, key),
    } | data


class ConcernStore:
    def __init__(self, table: Table):
        self._table = table

    def add(self, record: ConcernRecord, notices: Sequence[Notice]) -> None:
        """The concern, with the administrator's notice and the raiser's acknowledgement."""
        self._table.transact(
            {"concern": self._table.put_op(concern_item(record))} | notice_ops(self._table, notices)
        )

    def get(self, concern_id: str) -> ConcernRecord | None:
        item = self._table.get(concern_key(concern_id))
        return ConcernRecord.model_validate(item) if item else None

    def answer(
        self,
        answered: ConcernRecord,
        seen: ConcernStatus,
        kept_until: datetime | None,
        notices: Sequence[Notice],
    ) -> None:
        """The administrator's response and the new status, written only from the status the
        concern was read in (`seen`); a closed one is deleted at `kept_until` (TTL)."""
        fields: dict[str, object] = {
            "response": answered.response,
            "status": answered.status.value,
            "responded_at": stored_time(answered.responded_at or answered.created_at),
            "responded_by": answered.responded_by,
            "GSI3PK": concerns_by_status(answered.status.value),
        }
        if kept_until is not None:
            fields["expires_at"] = int(kept_until.timestamp())
        try:
            self._table.update_with(
                concern_key(answered.concern_id),
                Update(
                    set=fields,
                    condition="#status = :seen AND #status <> :closed",
                    values={":seen": seen.value, ":closed": ConcernStatus.CLOSED.value},
                ),
                notice_ops(self._table, notices),
            )
        except ConditionFailed as failure:
            if failure.old_item is None:
                raise NoSuchConcern() from None
            if failure.old_item.get("status") == ConcernStatus.CLOSED.value:
                raise InvalidTransition("This concern is closed.") from None
            raise InvalidTransition("This concern was answered a moment ago.") from None

    def of_raiser(self, user_id: str, page: PageRequest) -> Page[ConcernRecord]:
        return read_page(
            self._table,
            ConcernRecord,
            scope="my-concerns",
            sources=[Source("mine", Query(raised_by(user_id), "GSI1", newest_first=True))],
            page=page,
        )

    def every(self, status: ConcernStatus | None, page: PageRequest) -> Page[ConcernRecord]:
        """For the administrator, newest first (of one status, or all)."""
        statuses = [status] if status else list(ConcernStatus)
        return read_page(
            self._table,
            ConcernRecord,
            scope=f"concerns:{status.value if status else 'all'}",
            sources=[
                Source(s.value, Query(concerns_by_status(s.value), "GSI3", newest_first=True))
                for s in statuses
            ],
            page=page,
        )

    def ids_raised_by(self, user_id: str) -> list[str]:
        """Erasure: every concern the user raised, read from the index."""
        return [
            str(item["concern_id"])
            for item in self._table.items(Query(raised_by(user_id), index="GSI1"))
        ]

    def forget_raiser(self, concern_id: str) -> None:
        """Erasure: the concern stays for safeguarding, no longer naming or finding its raiser."""
        self._table.update(
            concern_key(concern_id),
            Update(
                set={"raiser_id": ERASED_ID, "raiser_name": ERASED_NAME},
                remove=("raiser_email", "GSI1PK", "GSI1SK", "GSI5PK", "GSI5SK"),
            ),
        )
