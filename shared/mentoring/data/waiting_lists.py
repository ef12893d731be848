"""Waiting lists: mentees in line for a full mentor's next free place, and the places offered.

Access patterns (keys in mentoring.data.keys):

| pattern                                 | where | key condition                              |
|-----------------------------------------|-------|--------------------------------------------|
| one mentee's place in one mentor's list | table | PK = USER#<mentee>, SK = WAITING#<mentor>  |
| a mentee's lists                        | table | PK = USER#<mentee>, SK begins WAITING#     |
| one mentor's list, first to join first  | GSI2  | GSI2PK = MENTOR_WAITING#<mentor>           |
| offers open past their time             | GSI4  | GSI4PK = FOLLOW_UP#offer, GSI4SK <= t      |
| mentors who may have a place to offer   | GSI4  | GSI4PK = FOLLOW_UP#place, GSI4SK <= t      |

Invariants, each a condition of the write that could break it: one place per mentee in a
list; at most three lists a mentee (`waiting_lists` on their profile), none once matched; a
list only for an approved mentor who is full or not taking requests; an offer only of a place
free for anyone (`places_taken` < `capacity`, the offer taking it), only to a mentee still
waiting and unmatched; an offer lapses, or is left, or becomes a request, exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    OFFER_DUE,
    PLACE_FREED,
    WAITING_PREFIX,
    about,
    mentee_key,
    mentor_key,
    stored_time,
    timed_key,
    up_to,
    user_pk,
    waiting_key,
    waiting_line,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, read_page
from mentoring.data.table import ConditionFailed, Operation, Query, Table, TransactionFailed, Update
from mentoring.data.transitions import LEFT, free_held_place, off_the_list, offer_due
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import MentorStatus, WaitingEntryRecord, WaitingStatus
from mentoring.errors import (
    AlreadyMatched,
    AlreadyWaiting,
    MentorHasRoom,
    MentorUnavailable,
    NoSuchMentor,
    NotAMentee,
    ServiceUnavailable,
    WaitingListLimit,
)
from mentoring.mail.notices import Notice
from mentoring.services.ports import Offered


def entry_item(record: WaitingEntryRecord) -> Item:
    data = record.model_dump(mode="json")
    key = waiting_key(record.mentee_id, record.mentor_id)
    item: Item = {
        "PK": key[0],
        "SK": key[1],
        "entity": "waiting_entry",
        "GSI2PK": waiting_line(record.mentor_id),
        "GSI2SK": timed_key(data["joined_at"], record.mentee_id),
        **about(record.mentee_id, key),
        "GSI6PK": user_pk(record.mentor_id),
        "GSI6SK": f"{key[0]}#{key[1]}",
    }
    return item | data


class WaitingListStore:
    def __init__(self, table: Table):
        self._table = table

    # ---- joining and leaving -----------------------------------------------------------

    def join(self, entry: WaitingEntryRecord, most_lists: int) -> None:
        table = self._table
        item = entry_item(entry)
        key = (item.pop("PK"), item.pop("SK"))
        try:
            table.transact(
                {
                    # Written over an entry left before (kept a day: see `off_the_list`).
                    "entry": table.update_op(
                        key,
                        Update(
                            set={k: v for k, v in item.items() if v is not None},
                            remove=(
                                "left_at",
                                "expires_at",
                                *(k for k, v in item.items() if v is None),
                            ),
                            condition="attribute_not_exists(PK) OR #status = :left",
                            values={":left": LEFT},
                        ),
                    ),
                    "mentee": table.update_op(
                        mentee_key(entry.mentee_id),
                        Update(
                            add={"waiting_lists": 1},
                            condition="attribute_exists(PK) "
                            "AND attribute_not_exists(#active_match_id) "
                            "AND (attribute_not_exists(#waiting_lists) OR #waiting_lists < :most)",
                            values={":most": most_lists},
                        ),
                    ),
                    "mentor": table.check_op(
                        mentor_key(entry.mentor_id),
                        "#status = :approved "
                        "AND (#accepting_requests = :no OR #places_taken >= #capacity)",
                        {":approved": MentorStatus.APPROVED.value, ":no": False},
                    ),
                }
            )
        except TransactionFailed as failure:
            failed = failure.failed
            if "entry" in failed:
                raise AlreadyWaiting() from None
            if "mentee" in failed:
                if failed["mentee"] is None:
                    raise NotAMentee() from None
                if failed["mentee"].get("active_match_id"):
                    raise AlreadyMatched() from None
                raise WaitingListLimit.of(most_lists) from None
            if "mentor" in failed:
                mentor = failed["mentor"]
                if mentor is None:
                    raise NoSuchMentor() from None
                if mentor.get("status") != MentorStatus.APPROVED.value:
                    raise MentorUnavailable() from None
                raise MentorHasRoom() from None
            raise ServiceUnavailable() from None

    def leave(self, entry: WaitingEntryRecord, now: datetime) -> bool:
        """Off the list, as the entry was read (an offer held passes on: its place is marked
        free); False if it changed meanwhile (read it again)."""
        table = self._table
        ops = {
            "entry": table.update_op(
                waiting_key(entry.mentee_id, entry.mentor_id),
                off_the_list(now, "#status = :status", {":status": entry.status.value}),
            ),
            "mentee": self._one_list_fewer(entry.mentee_id),
        }
        if entry.status is WaitingStatus.OFFERED:
            ops["place"] = free_held_place(table, entry.mentor_id, now)
        try:
            table.transact(ops)
        except TransactionFailed as failure:
            if "entry" in failure.failed:
                return False
            raise ServiceUnavailable() from None
        return True

    def _one_list_fewer(self, mentee_id: str) -> Operation:
        return self._table.update_op(
            mentee_key(mentee_id),
            Update(
                add={"waiting_lists": -1}, condition="#waiting_lists > :zero", values={":zero": 0}
            ),
        )

    # ---- reading -----------------------------------------------------------------------

    def entry(self, mentee_id: str, mentor_id: str) -> WaitingEntryRecord | None:
        item = self._table.get(waiting_key(mentee_id, mentor_id))
        return _read(item) if item else None

    def of_mentee(self, mentee_id: str) -> list[WaitingEntryRecord]:
        """A mentee's lists (three at most), as stored now."""
        query = Query(
            user_pk(mentee_id),
            sort="begins_with(#SK, :waiting)",
            sort_values={":waiting": WAITING_PREFIX},
        )
        return [entry for item in self._table.items(query) if (entry := _read(item))]

    def line(self, mentor_id: str) -> Iterator[WaitingEntryRecord]:
        """A mentor's list, first to join first."""
        for item in self._table.items(Query(waiting_line(mentor_id), index="GSI2")):
            yield WaitingEntryRecord.model_validate(item)

    def line_page(self, mentor_id: str, page: PageRequest) -> Page[WaitingEntryRecord]:
        """One page of a mentor's list, first to join first (the administrator's view)."""
        return read_page(
            self._table,
            WaitingEntryRecord,
            scope=f"waiting:{mentor_id}",
            sources=[Source("line", Query(waiting_line(mentor_id), index="GSI2"))],
            page=page,
        )

    # ---- offers ------------------------------------------------------------------------

    def offer(
        self,
        entry: WaitingEntryRecord,
        expires_at: datetime,
        now: datetime,
        notices: Sequence[Notice],
    ) -> Offered:
        """Offer the mentor's free place to this waiting mentee, held until `expires_at`."""
        table = self._table
        try:
            table.transact(
                {
                    "entry": table.update_op(
                        waiting_key(entry.mentee_id, entry.mentor_id),
                        Update(
                            set={
                                "status": WaitingStatus.OFFERED.value,
                                "offered_at": stored_time(now),
                                "offer_expires_at": stored_time(expires_at),
                                **offer_due(expires_at, entry.mentee_id),
                            },
                            condition="#status = :waiting",
                            values={":waiting": WaitingStatus.WAITING.value},
                        ),
                    ),
                    "mentor": table.update_op(
                        mentor_key(entry.mentor_id),
                        Update(
                            add={"places_taken": 1},
                            condition="#status = :approved AND #accepting_requests = :yes "
                            "AND #places_taken < #capacity",
                            values={":approved": MentorStatus.APPROVED.value, ":yes": True},
                        ),
                    ),
                    "mentee": table.check_op(
                        mentee_key(entry.mentee_id), "attribute_not_exists(#active_match_id)"
                    ),
                }
                | notice_ops(table, notices)
            )
        except TransactionFailed as failure:
            if "entry" in failure.failed:
                return Offered.NOT_WAITING
            if "mentee" in failure.failed:
                return Offered.MATCHED
            if "mentor" in failure.failed:
                return Offered.NO_PLACE
            raise ServiceUnavailable() from None
        return Offered.OFFERED

    def lapse(self, entry: WaitingEntryRecord, now: datetime, notices: Sequence[Notice]) -> bool:
        """An offer not taken up in time: the mentee leaves the list (told so) and the place
        is free to offer again; False if it was taken up, left or lapsed already."""
        table = self._table
        try:
            table.transact(
                {
                    "entry": table.update_op(
                        waiting_key(entry.mentee_id, entry.mentor_id),
                        off_the_list(
                            now,
                            "#status = :offered AND #offer_expires_at < :now",
                            {":offered": WaitingStatus.OFFERED.value, ":now": stored_time(now)},
                        ),
                    ),
                    "mentee": self._one_list_fewer(entry.mentee_id),
                    "place": free_held_place(table, entry.mentor_id, now),
                }
                | notice_ops(table, notices)
            )
        except TransactionFailed as failure:
            if "entry" in failure.failed:
                return False
            raise ServiceUnavailable() from None
        return True

    # ---- the schedule's follow-ups -----------------------------------------------------

    def offers_lapsed_by(self, now: datetime) -> Iterator[tuple[str, str]]:
        """(mentee, mentor) of each offer whose time ran out by `now`: an index query."""
        for key in self._follow_ups(OFFER_DUE, now):
            yield str(key["PK"]).removeprefix("USER#"), str(key["SK"]).removeprefix(WAITING_PREFIX)

    def places_freed_by(self, now: datetime) -> Iterator[str]:
        """Mentors marked by a change that freed a place, marked by `now`."""
        for key in self._follow_ups(PLACE_FREED, now):
            yield str(key["PK"]).removeprefix("USER#")

    def _follow_ups(self, kind: str, now: datetime) -> Iterator[Item]:
        query = Query(
            kind, index="GSI4", sort="#GSI4SK <= :until", sort_values={":until": up_to(now)}
        )
        yield from self._table.items(query)

    def place_mark(self, mentor_id: str) -> str | None:
        """The mark a change that freed a mentor's place left on them, if any."""
        item = self._table.get(mentor_key(mentor_id))
        return str(item["GSI4SK"]) if item and item.get("GSI4PK") == PLACE_FREED else None

    def clear_place_mark(self, mentor_id: str, mark: str) -> None:
        """Every place the mark stood for is offered (or none is free): take it off, unless a
        later change marked the mentor again (then its own offer, or the schedule, sees to it)."""
        try:
            self._table.update(
                mentor_key(mentor_id),
                Update(
                    remove=("GSI4PK", "GSI4SK"),
                    condition="#GSI4SK = :mark",
                    values={":mark": mark},
                ),
            )
        except ConditionFailed:
            return


def _read(item: Item) -> WaitingEntryRecord | None:
    """The entry, unless its mentee has left the list."""
    return None if item.get("status") == LEFT else WaitingEntryRecord.model_validate(item)
