"""Meetings: proposed by one party of a match, confirmed or declined by the other, cancelled by
either; each planned one counts against the match's sessions.

Access patterns (keys in mentoring.data.keys):

| pattern                                  | where | key condition                             |
|------------------------------------------|-------|-------------------------------------------|
| a match's meetings, soonest first        | table | PK = MATCH#<id>, SK begins_with MEETING#  |
| one meeting                              | table | PK = MATCH#<id>, SK = MEETING#<meeting>   |
| confirmed meetings starting in a window  | GSI3  | GSI3PK = MEETINGS#confirmed, GSI3SK range |

Invariant: a meeting is proposed only while the match is active and its plan is as the
proposer counted it: the match's `sessions_used` and `planning_version` are compared in the
same transaction that writes the meeting and adds it to the match's `planned_meetings`.
Declining or cancelling takes it off the plan in the same transaction as its status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    CONFIRMED_MEETINGS,
    MEETING_PREFIX,
    about_both,
    match_key,
    meeting_key,
    party_key,
    stored_time,
    timed_key,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, read_page
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed, Update
from mentoring.data.transitions import plan_unchanged
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import (
    ERASED_ID,
    MatchRecord,
    MatchStatus,
    MeetingRecord,
    MeetingStatus,
)
from mentoring.errors import InvalidTransition, MatchNotActive, NoSuchMeeting, ServiceUnavailable
from mentoring.mail.notices import Notice
from mentoring.services.ports import PlanChanged

PLANNED = "planned_meetings"


def meeting_item(match: MatchRecord, record: MeetingRecord) -> Item:
    pk, sk = meeting_key(record.match_id, record.meeting_id)
    people = about_both(match.mentee_id, match.mentor_id, (pk, sk))
    return {"PK": pk, "SK": sk, "entity": "meeting", **people} | record.model_dump(mode="json")


def _confirmed_index(record: MeetingRecord) -> dict[str, str]:
    return {"GSI3PK": CONFIRMED_MEETINGS, "GSI3SK": timed_key(record.starts_at, record.meeting_id)}


class MeetingStore:
    def __init__(self, table: Table):
        self._table = table

    def propose(
        self, match: MatchRecord, meeting: MeetingRecord, notices: Sequence[Notice]
    ) -> None:
        """The meeting, on the match's plan, if the match is as it was read."""
        table = self._table
        unchanged, values = plan_unchanged(match)
        plan = Update(
            add={PLANNED: frozenset({meeting.planned_entry()}), "planning_version": 1},
            condition=f"#status = :active AND {unchanged}",
            values={":active": MatchStatus.ACTIVE.value, **values},
        )
        try:
            table.transact(
                {
                    "meeting": table.put_op(meeting_item(match, meeting)),
                    "match": table.update_op(match_key(match.match_id), plan),
                }
                | notice_ops(table, notices)
            )
        except TransactionFailed as failure:
            old = failure.failed.get("match")
            if "match" in failure.failed and old and old.get("status") != MatchStatus.ACTIVE:
                raise MatchNotActive() from None
            if "match" in failure.failed or "meeting" in failure.failed:
                raise PlanChanged() from None
            raise ServiceUnavailable() from None

    def get(self, match_id: str, meeting_id: str) -> MeetingRecord | None:
        item = self._table.get(meeting_key(match_id, meeting_id))
        return MeetingRecord.model_validate(item) if item else None

    def of_match(self, match_id: str, page: PageRequest) -> Page[MeetingRecord]:
        return read_page(
            self._table,
            MeetingRecord,
            scope=f"meetings:{match_id}",
            sources=[Source("meetings", self._meetings(match_id))],
            page=page,
        )

    def all_of_match(self, match_id: str) -> list[MeetingRecord]:
        return [
            MeetingRecord.model_validate(i) for i in self._table.items(self._meetings(match_id))
        ]

    def change(
        self,
        meeting: MeetingRecord,
        to: MeetingStatus,
        now: datetime,
        notices: Sequence[Notice],
    ) -> MeetingRecord:
        """proposed -> confirmed | declined | cancelled, confirmed -> cancelled, from the status
        `meeting` was read in; one that ends it also takes it off the match's plan."""
        changed = meeting.model_copy(
            update={
                "status": to,
                "decided_at": now,
                "sequence": meeting.sequence + (1 if to is MeetingStatus.CANCELLED else 0),
            }
        )
        fields: dict[str, object] = {
            "status": to.value,
            "decided_at": stored_time(now),
            "sequence": changed.sequence,
        }
        removes: tuple[str, ...] = ()
        if to is MeetingStatus.CONFIRMED:
            fields |= _confirmed_index(meeting)
        else:
            removes = ("GSI3PK", "GSI3SK")
        table = self._table
        operations = {
            "meeting": table.update_op(
                meeting_key(meeting.match_id, meeting.meeting_id),
                Update(
                    set=fields,
                    remove=removes,
                    condition="#status = :was",
                    values={":was": meeting.status.value},
                ),
            )
        }
        if to is not MeetingStatus.CONFIRMED:
            operations["plan"] = table.update_op(
                match_key(meeting.match_id),
                Update(
                    discard={PLANNED: frozenset({meeting.planned_entry()})},
                    add={"planning_version": 1},
                ),
            )
        try:
            table.transact(operations | notice_ops(table, notices))
        except TransactionFailed as failure:
            if "meeting" in failure.failed:
                raise InvalidTransition.already("meeting", _status(failure)) from None
            raise ServiceUnavailable() from None
        return changed

    # ---- the schedule ----------------------------------------------------------------------

    def confirmed_starting(self, after: datetime, before: datetime) -> list[MeetingRecord]:
        """Confirmed meetings starting in [after, before)."""
        query = Query(
            CONFIRMED_MEETINGS,
            index="GSI3",
            sort="#GSI3SK BETWEEN :after AND :before",
            sort_values={":after": stored_time(after), ":before": stored_time(before)},
        )
        found = [MeetingRecord.model_validate(item) for item in self._table.items(query)]
        return [m for m in found if m.starts_at < before]

    def claim_reminder(
        self, meeting: MeetingRecord, now: datetime, notices: Sequence[Notice]
    ) -> bool:
        """Remind once, while still confirmed; False if reminded before (or no longer on)."""
        try:
            self._table.update_with(
                meeting_key(meeting.match_id, meeting.meeting_id),
                Update(
                    set={"reminded_at": stored_time(now)},
                    condition="#status = :confirmed AND attribute_not_exists(#reminded_at)",
                    values={":confirmed": MeetingStatus.CONFIRMED.value},
                ),
                notice_ops(self._table, notices),
            )
        except ConditionFailed:
            return False
        return True

    # ---- a user's data ---------------------------------------------------------------------

    def forget(self, meeting: MeetingRecord, user_id: str, as_mentee: bool) -> None:
        """A party erased: their key to the meeting goes, and, if they proposed it, their id
        and their words (the note, the place and the link)."""
        proposed = meeting.proposed_by == user_id
        words = ("note", "location", "video_link") if proposed else ()
        try:
            self._table.update(
                meeting_key(meeting.match_id, meeting.meeting_id),
                Update(
                    set={"proposed_by": ERASED_ID} if proposed else {},
                    remove=(*words, *party_key(as_mentee)),
                ),
            )
        except ConditionFailed:
            raise NoSuchMeeting() from None

    @staticmethod
    def _meetings(match_id: str) -> Query:
        return Query(
            match_key(match_id)[0],
            sort="begins_with(#SK, :prefix)",
            sort_values={":prefix": MEETING_PREFIX},
        )


def _status(failure: TransactionFailed) -> str:
    old = failure.failed.get("meeting") or {}
    return str(old.get("status", "changed"))
