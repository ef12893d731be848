"""Match requests: asked, answered (accepted into a match, declined, withdrawn, expired), and
chased up the reminder ladder.

Access patterns (keys in mentoring.data.keys):

| pattern                                  | where | key condition                           |
|------------------------------------------|-------|-----------------------------------------|
| one request                              | table | PK = REQUEST#<id>                       |

The lists of requests are read by mentoring.data.request_lists.

Invariants, each a condition of the transaction that could break it: one pending request and
no active match per mentee; a request only to an approved mentor who accepts requests and has
room; a mentor's matches never above capacity; no more requests a day than allowed; a request
changes state only from pending; each step of the reminder ladder is taken once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    about_both,
    as_mentee,
    as_mentor,
    party_key,
    request_key,
    requests_by_status,
    stored_time,
    timed_key,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.table import ConditionFailed, Table, TransactionFailed, Update
from mentoring.data.totals import count_ops
from mentoring.data.transitions import (
    close_request,
    count_request_today,
    match_item,
    match_the_mentee,
    mentor_has_room,
    request_status_key,
    take_a_place,
    take_request_slot,
    take_up_offer,
)
from mentoring.domain import totals
from mentoring.domain.records import (
    ERASED_ID,
    ERASED_NAME,
    MENTOR_FULL,
    MatchRecord,
    MatchRequestRecord,
    Reminder,
    RequestStatus,
)
from mentoring.errors import (
    AlreadyMatched,
    CodeOfPracticeNotAgreed,
    InvalidTransition,
    MentorUnavailable,
    NotAMentee,
    PendingRequestExists,
    RateLimited,
    ServiceUnavailable,
)
from mentoring.mail.notices import Notice
from mentoring.observability import logger
from mentoring.services.ports import OfferClosed

ANSWERED = "This request has already been answered."


def request_item(record: MatchRequestRecord) -> Item:
    data = record.model_dump(mode="json")
    pk, sk = request_key(record.request_id)
    return {
        "PK": pk,
        "SK": sk,
        "entity": "match_request",
        "GSI1PK": as_mentee("REQUESTS", record.mentee_id),
        "GSI1SK": timed_key(data["created_at"], record.request_id),
        "GSI2PK": as_mentor("REQUESTS", record.mentor_id),
        "GSI2SK": timed_key(data["created_at"], record.request_id),
        "GSI3PK": requests_by_status(record.status.value),
        "GSI3SK": request_status_key(record),
        **about_both(record.mentee_id, record.mentor_id, (pk, sk)),
    } | data


class RequestStore:
    def __init__(self, table: Table):
        self._table = table

    def ask(
        self,
        record: MatchRequestRecord,
        day: str,
        max_per_day: int,
        expires_at: int,
        notices: Sequence[Notice] = (),
    ) -> None:
        """The request, with the mentee's one pending slot, the mentor's room, today's count
        (and the mentor's email). A request that `holds_place` takes over the place its
        mentee was offered (OfferClosed if the offer is no longer open)."""
        table = self._table
        held = record.holds_place
        ops = {
            "request": table.put_op(request_item(record)),
            "mentee_slot": take_request_slot(
                table, record.mentee_id, record.request_id, leaving_a_list=held
            ),
            "mentor_room": mentor_has_room(table, record.mentor_id, held=held),
            "today": count_request_today(table, record.mentee_id, day, max_per_day, expires_at),
        }
        if held:
            ops["offer"] = take_up_offer(
                table, record.mentee_id, record.mentor_id, record.created_at
            )
        try:
            table.transact(
                ops
                | count_ops(table, totals.status_moved("requests", None, record.status.value))
                | notice_ops(table, notices)
            )
        except TransactionFailed as failure:
            if "offer" in failure.failed:
                raise OfferClosed() from None
            if "mentee_slot" in failure.failed:
                mentee = failure.failed["mentee_slot"]
                if mentee is None:
                    raise NotAMentee() from None
                if mentee.get("active_match_id"):
                    raise AlreadyMatched() from None
                if mentee.get("pending_request_id"):
                    raise PendingRequestExists() from None
                raise CodeOfPracticeNotAgreed() from None
            if "today" in failure.failed:
                raise RateLimited() from None
            if "mentor_room" in failure.failed:
                raise MentorUnavailable() from None
            raise ServiceUnavailable() from None

    def get(self, request_id: str) -> MatchRequestRecord | None:
        item = self._table.get(request_key(request_id))
        return MatchRequestRecord.model_validate(item) if item else None

    def close(
        self,
        record: MatchRequestRecord,
        to: RequestStatus,
        now: datetime,
        reason: str | None = None,
        notices: Sequence[Notice] = (),
    ) -> MatchRequestRecord:
        """pending -> declined, withdrawn or expired, freeing the mentee to choose again."""
        closing = close_request(self._table, record, to, now, reason)
        try:
            self._table.transact(
                closing.operations
                | count_ops(self._table, closing.counted)
                | notice_ops(self._table, notices)
            )
        except TransactionFailed as failure:
            if "request" in failure.failed:
                raise InvalidTransition(ANSWERED) from None
            logger.error("A request and its mentee were out of step", failed=list(failure.failed))
            raise ServiceUnavailable() from None
        return closing.closed

    def accept(
        self, record: MatchRequestRecord, match: MatchRecord, notices: Sequence[Notice] = ()
    ) -> MatchRequestRecord:
        """pending -> accepted, with the new match, a place taken and the mentee matched;
        the request as it now is."""
        accepted = record.model_copy(
            update={
                "status": RequestStatus.ACCEPTED,
                "decided_at": match.started_at,
                "match_id": match.match_id,
            }
        )
        table = self._table
        self._answer(
            record,
            {
                "status": RequestStatus.ACCEPTED.value,
                "decided_at": stored_time(match.started_at),
                "match_id": match.match_id,
                "GSI3PK": requests_by_status(RequestStatus.ACCEPTED.value),
                "GSI3SK": request_status_key(accepted),
            },
            {
                "mentor_place": take_a_place(table, record.mentor_id, held=record.holds_place),
                "mentee_match": match_the_mentee(
                    table, record.mentee_id, record.request_id, match.match_id
                ),
                "match": table.put_op(match_item(match)),
            }
            | count_ops(
                table,
                totals.request_answered(record, RequestStatus.ACCEPTED, match.started_at, None),
                totals.status_moved("matches", None, match.status.value),
            ),
            notices,
        )
        return accepted

    def _answer(
        self,
        record: MatchRequestRecord,
        fields: dict[str, Any],
        with_ops: dict[str, Any],
        notices: Sequence[Notice],
    ) -> None:
        update = Update(
            set=fields,
            condition="#status = :pending",
            values={":pending": RequestStatus.PENDING.value},
        )
        try:
            self._table.transact(
                {"request": self._table.update_op(request_key(record.request_id), update)}
                | with_ops
                | notice_ops(self._table, notices)
            )
        except TransactionFailed as failure:
            if "request" in failure.failed:
                raise InvalidTransition(ANSWERED) from None
            if "mentor_place" in failure.failed:
                raise MentorUnavailable("You have no free places for a new mentee.") from None
            if "mentee_match" in failure.failed:
                raise AlreadyMatched("This mentee already has a mentor.") from None
            logger.error("A request and its mentee were out of step", failed=list(failure.failed))
            raise ServiceUnavailable() from None

    # ---- the schedule ------------------------------------------------------------------

    def claim_reminder(
        self, request_id: str, step: Reminder, now: datetime, notices: Sequence[Notice]
    ) -> bool:
        """Take one rung of the ladder, with its emails; False if it was taken before (or the
        request closed), and then nothing is written."""
        try:
            self._table.update_with(
                request_key(request_id),
                Update(
                    set={step.value: stored_time(now)},
                    condition=f"#status = :pending AND attribute_not_exists(#{step.value})",
                    values={":pending": RequestStatus.PENDING.value},
                ),
                notice_ops(self._table, notices),
            )
        except ConditionFailed:
            return False
        return True

    # ---- a user's data ---------------------------------------------------------------

    def anonymise(self, request_id: str, as_mentee: bool) -> None:
        """Remove one party from a request: their id, name and index keys (for the mentee,
        their message too; a decline reason written by a person may name either party)."""
        role, index = ("mentee", "GSI1") if as_mentee else ("mentor", "GSI2")
        fields: dict[str, Any] = {f"{role}_id": ERASED_ID, f"{role}_name": ERASED_NAME}
        if as_mentee:
            fields["message"] = ""
        removes = [f"{index}PK", f"{index}SK", f"{role}_email", *party_key(as_mentee)]
        current = self.get(request_id)
        if current and current.decline_reason not in (None, MENTOR_FULL):
            removes.append("decline_reason")
        self._table.update(request_key(request_id), Update(set=fields, remove=tuple(removes)))
