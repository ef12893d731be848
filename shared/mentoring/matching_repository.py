"""Match requests and matches in the single table, every rule of the scheme a write condition.

Access patterns (besides those in mentoring.repository):

| pattern                                 | index | key condition                                 |
|-----------------------------------------|-------|-----------------------------------------------|
| one request / one match                 | table | PK = REQUEST#<id> / MATCH#<id>                |
| requests a mentee sent, newest first    | GSI1  | GSI1PK = MENTEE_REQUESTS#<user_id>            |
| requests a mentor received              | GSI2  | GSI2PK = MENTOR_REQUESTS#<user_id>            |
| a mentee's matches                      | GSI1  | GSI1PK = MENTEE_MATCHES#<user_id>             |
| a mentor's matches                      | GSI2  | GSI2PK = MENTOR_MATCHES#<user_id>             |
| requests by status (administrators)    | GSI3  | GSI3PK = REQUESTS#<status>                    |
| overdue pending requests (the schedule) | GSI3  | GSI3PK = REQUESTS#pending, GSI3SK < now       |
|   (pending requests sort by deadline, so the schedule reads only overdue ones)            |
| matches by status (administrators)      | GSI3  | GSI3PK = MATCHES#<status>                     |
|   (active ones by start, ended ones by end: the schedule reads the recently ended)          |
| a mentee's requests sent today          | table | PK = USER#<id>, SK = REQUESTS_ON#<date>       |

Invariants, each enforced inside the transaction that could break it:
- one pending request and no active match per mentee: the mentee profile's
  `pending_request_id` / `active_match_id`, set and cleared with the request or match;
- a request only to an approved mentor who accepts requests and has room;
- a mentor's active matches never above capacity: `active_matches < capacity` on accept;
- a request changes state only from pending, a match ends only once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, TypeVar

from mentoring.dynamo_table import Source, TransactionFailed, stored, stored_time
from mentoring.errors import (
    AlreadyMatched,
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    MentorUnavailable,
    PendingRequestExists,
    RateLimited,
    ServiceUnavailable,
)
from mentoring.models import Page
from mentoring.observability import logger
from mentoring.pagination import PageRequest
from mentoring.records import (
    EndReason,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MentorStatus,
    RequestStatus,
)
from mentoring.repository import MENTEE_SK, MENTOR_SK, DynamoRepository, user_pk

R = TypeVar("R", MatchRequestRecord, MatchRecord)
REQUEST_SK = "REQUEST"
MATCH_SK = "MATCH"
LADDER_STEPS = frozenset({"reminded_at", "escalated_at", "expiry_claimed_at"})
MATCH_STEPS = frozenset({"nudged_for", "evaluation_reminded_at"})


def request_pk(request_id: str) -> str:
    return f"REQUEST#{request_id}"


def match_pk(match_id: str) -> str:
    return f"MATCH#{match_id}"


def _request_status_key(record: MatchRequestRecord) -> str:
    # Pending requests sort by deadline (the schedule's query); the rest by when decided.
    moment = record.respond_by if record.status is RequestStatus.PENDING else record.decided_at
    return f"{stored_time(moment or record.created_at)}#{record.request_id}"


def ended_sort_key(match_id: str, ended_at: datetime) -> str:
    # Ended matches sort by when they ended: the schedule reads only recent ones.
    return f"{stored_time(ended_at)}#{match_id}"


def _request_item(record: MatchRequestRecord) -> dict[str, Any]:
    data = stored(record)
    return {
        "PK": request_pk(record.request_id),
        "SK": REQUEST_SK,
        "entity": "match_request",
        "GSI1PK": f"MENTEE_REQUESTS#{record.mentee_id}",
        "GSI1SK": f"{data['created_at']}#{record.request_id}",
        "GSI2PK": f"MENTOR_REQUESTS#{record.mentor_id}",
        "GSI2SK": f"{data['created_at']}#{record.request_id}",
        "GSI3PK": f"REQUESTS#{record.status.value}",
        "GSI3SK": _request_status_key(record),
    } | data


def _match_item(record: MatchRecord) -> dict[str, Any]:
    data = stored(record)
    return {
        "PK": match_pk(record.match_id),
        "SK": MATCH_SK,
        "entity": "match",
        "GSI1PK": f"MENTEE_MATCHES#{record.mentee_id}",
        "GSI1SK": f"{data['started_at']}#{record.match_id}",
        "GSI2PK": f"MENTOR_MATCHES#{record.mentor_id}",
        "GSI2SK": f"{data['started_at']}#{record.match_id}",
        "GSI3PK": f"MATCHES#{record.status.value}",
        "GSI3SK": f"{data['started_at']}#{record.match_id}",
    } | data


class MatchingRepository(DynamoRepository):
    # ---- requests ----------------------------------------------------------------------

    def create_request(
        self, record: MatchRequestRecord, day: str, max_per_day: int, counter_expires_at: int
    ) -> None:
        """The request, the mentee's one pending slot, the mentor's room and the daily limit."""
        operations = [
            self.put_operation(_request_item(record)),
            self.update_operation(
                user_pk(record.mentee_id),
                MENTEE_SK,
                "SET pending_request_id = :request",
                {":request": record.request_id},
                "attribute_exists(PK) AND attribute_not_exists(pending_request_id) "
                "AND attribute_not_exists(active_match_id)",
            ),
            self.condition_operation(
                user_pk(record.mentor_id),
                MENTOR_SK,
                "attribute_exists(PK) AND #status = :approved AND accepting_requests = :yes "
                "AND active_matches < #capacity",
                {":approved": MentorStatus.APPROVED.value, ":yes": True},
                {"#status": "status", "#capacity": "capacity"},
            ),
            self.update_operation(
                user_pk(record.mentee_id),
                f"REQUESTS_ON#{day}",
                "ADD request_count :one SET expires_at = :expires",
                {":one": 1, ":max": max_per_day, ":expires": counter_expires_at},
                "attribute_not_exists(request_count) OR request_count < :max",
            ),
        ]
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            if 1 in failure.failed:
                mentee = failure.failed[1]
                if mentee is None:
                    raise Forbidden("Register as a mentee before asking for a mentor.") from None
                if mentee.get("active_match_id"):
                    raise AlreadyMatched() from None
                raise PendingRequestExists() from None
            if 3 in failure.failed:
                raise RateLimited() from None
            if 2 in failure.failed:
                raise MentorUnavailable() from None
            raise ServiceUnavailable() from None

    def get_request(self, request_id: str) -> MatchRequestRecord | None:
        item = self.get(request_pk(request_id), REQUEST_SK)
        return MatchRequestRecord.model_validate(item) if item else None

    def close_request(
        self,
        record: MatchRequestRecord,
        to: RequestStatus,
        now: datetime,
        reason: str | None = None,
    ) -> MatchRequestRecord:
        """pending -> declined, withdrawn or expired, freeing the mentee to choose again."""
        closed = record.model_copy(
            update={"status": to, "decided_at": now, "decline_reason": reason}
        )
        values: dict[str, Any] = {
            ":to": to.value,
            ":now": stored_time(now),
            ":pending": RequestStatus.PENDING.value,
            ":status_pk": f"REQUESTS#{to.value}",
            ":status_sk": _request_status_key(closed),
        }
        sets = "#status = :to, decided_at = :now, GSI3PK = :status_pk, GSI3SK = :status_sk"
        if reason is not None:
            sets += ", decline_reason = :reason"
            values[":reason"] = reason
        self._transact_transition(
            [
                self.update_operation(
                    request_pk(record.request_id),
                    REQUEST_SK,
                    f"SET {sets}",
                    values,
                    "#status = :pending",
                    {"#status": "status"},
                ),
                self._free_mentee_operation(record),
            ]
        )
        return closed

    def accept_request(self, record: MatchRequestRecord, match: MatchRecord) -> None:
        """pending -> accepted, with the new match, one more place taken, the mentee matched."""
        now = stored_time(match.started_at)
        accepted = record.model_copy(
            update={"status": RequestStatus.ACCEPTED, "decided_at": match.started_at}
        )
        operations = [
            self.update_operation(
                request_pk(record.request_id),
                REQUEST_SK,
                "SET #status = :accepted, decided_at = :now, match_id = :match, "
                "GSI3PK = :status_pk, GSI3SK = :status_sk",
                {
                    ":accepted": RequestStatus.ACCEPTED.value,
                    ":pending": RequestStatus.PENDING.value,
                    ":now": now,
                    ":match": match.match_id,
                    ":status_pk": f"REQUESTS#{RequestStatus.ACCEPTED.value}",
                    ":status_sk": _request_status_key(accepted),
                },
                "#status = :pending",
                {"#status": "status"},
            ),
            self.update_operation(
                user_pk(record.mentor_id),
                MENTOR_SK,
                "ADD active_matches :one",
                {":one": 1, ":approved": MentorStatus.APPROVED.value},
                "#status = :approved AND active_matches < #capacity",
                {"#status": "status", "#capacity": "capacity"},
            ),
            self.update_operation(
                user_pk(record.mentee_id),
                MENTEE_SK,
                "REMOVE pending_request_id SET active_match_id = :match",
                {":match": match.match_id, ":request": record.request_id},
                "pending_request_id = :request AND attribute_not_exists(active_match_id)",
            ),
            self.put_operation(_match_item(match)),
        ]
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            if 0 in failure.failed:
                raise InvalidTransition("This request has already been answered.") from None
            if 1 in failure.failed:
                raise MentorUnavailable("You have no free places for a new mentee.") from None
            logger.error("Accept refused by the mentee's state", request_id=record.request_id)
            raise AlreadyMatched("This mentee already has a mentor.") from None

    def claim_step(self, request_id: str, step: str, now: datetime) -> bool:
        """Claim one rung of the reminder ladder; False if it was claimed before (or closed)."""
        if step not in LADDER_STEPS:
            raise ValueError(step)
        return self.claim(
            request_pk(request_id),
            REQUEST_SK,
            step,
            now,
            f"#status = :pending AND attribute_not_exists({step})",
            {":pending": RequestStatus.PENDING.value},
        )

    def release_step(self, request_id: str, step: str, now: datetime) -> None:
        if step not in LADDER_STEPS:
            raise ValueError(step)
        self.release(request_pk(request_id), REQUEST_SK, step, now)

    def overdue_pending_ids(self, now: datetime) -> Iterator[str]:
        """Pending requests whose deadline has passed: an index query, never a scan."""
        for item in self.query_all(
            "GSI3PK = :pending AND GSI3SK < :now",
            {":pending": f"REQUESTS#{RequestStatus.PENDING.value}", ":now": stored_time(now)},
            index="GSI3",
        ):
            yield str(item["request_id"])

    def pending_for_mentor(self, mentor_id: str) -> Iterator[MatchRequestRecord]:
        for item in self.query_all(
            "GSI2PK = :pk", {":pk": f"MENTOR_REQUESTS#{mentor_id}"}, index="GSI2"
        ):
            record = MatchRequestRecord.model_validate(item)
            if record.status is RequestStatus.PENDING:
                yield record

    def requests_of(
        self, user_id: str, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestRecord]:
        """Requests the user sent or received, newest first."""
        return self._parties_page(MatchRequestRecord, "REQUESTS", user_id, status, page)

    def all_requests(
        self, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestRecord]:
        statuses = [status] if status else list(RequestStatus)
        return self.page(
            MatchRequestRecord,
            scope=f"all-requests:{status.value if status else 'all'}",
            sources=[Source(s.value, "GSI3", "GSI3PK", f"REQUESTS#{s.value}") for s in statuses],
            page=page,
            # Pending ones by deadline, soonest first; the others newest first.
            newest_first=status is not RequestStatus.PENDING,
        )

    # ---- matches -----------------------------------------------------------------------

    def get_match(self, match_id: str) -> MatchRecord | None:
        item = self.get(match_pk(match_id), MATCH_SK)
        return MatchRecord.model_validate(item) if item else None

    def end_match(self, record: MatchRecord, reason: EndReason, now: datetime) -> MatchRecord:
        """active -> ended: the mentor's place is freed, the mentee may ask again."""
        operations = [
            self.update_operation(
                match_pk(record.match_id),
                MATCH_SK,
                "SET #status = :ended, ended_at = :now, end_reason = :reason, "
                "GSI3PK = :ended_pk, GSI3SK = :ended_sk",
                {
                    ":ended": MatchStatus.ENDED.value,
                    ":active": MatchStatus.ACTIVE.value,
                    ":now": stored_time(now),
                    ":reason": reason.value,
                    ":ended_pk": f"MATCHES#{MatchStatus.ENDED.value}",
                    ":ended_sk": ended_sort_key(record.match_id, now),
                },
                "#status = :active",
                {"#status": "status"},
            ),
            *self.release_places_operations(record),
        ]
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            if 0 in failure.failed:
                raise MatchNotActive() from None
            logger.error("Ending a match found the profiles out of step", match_id=record.match_id)
            raise ServiceUnavailable() from None
        return record.model_copy(
            update={"status": MatchStatus.ENDED, "ended_at": now, "end_reason": reason}
        )

    def active_match_ids(self) -> Iterator[str]:
        for item in self.query_all(
            "GSI3PK = :pk", {":pk": f"MATCHES#{MatchStatus.ACTIVE.value}"}, index="GSI3"
        ):
            yield str(item["match_id"])

    def match_ids_ended_since(self, since: datetime) -> Iterator[str]:
        """Matches that ended after `since`: the index sorts ended matches by end time."""
        for item in self.query_all(
            "GSI3PK = :pk AND GSI3SK >= :since",
            {":pk": f"MATCHES#{MatchStatus.ENDED.value}", ":since": stored_time(since)},
            index="GSI3",
        ):
            yield str(item["match_id"])

    def claim_match_step(
        self,
        match_id: str,
        attribute: str,
        value: datetime,
        condition: str,
        values: dict[str, Any] | None = None,
    ) -> bool:
        """Set a reminder claim on a match if `condition` holds; False if someone else has."""
        if attribute not in MATCH_STEPS:
            raise ValueError(attribute)
        return self.claim(match_pk(match_id), MATCH_SK, attribute, value, condition, values)

    def release_match_step(self, match_id: str, attribute: str, value: datetime) -> None:
        if attribute not in MATCH_STEPS:
            raise ValueError(attribute)
        self.release(match_pk(match_id), MATCH_SK, attribute, value)

    def matches_of(
        self, user_id: str, status: MatchStatus | None, page: PageRequest
    ) -> Page[MatchRecord]:
        """Matches the user is (or was) mentee or mentor of, newest first."""
        return self._parties_page(MatchRecord, "MATCHES", user_id, status, page)

    def all_matches(self, status: MatchStatus | None, page: PageRequest) -> Page[MatchRecord]:
        statuses = [status] if status else list(MatchStatus)
        return self.page(
            MatchRecord,
            scope=f"all-matches:{status.value if status else 'all'}",
            sources=[Source(s.value, "GSI3", "GSI3PK", f"MATCHES#{s.value}") for s in statuses],
            page=page,
            newest_first=True,
        )

    # ---- plumbing ----------------------------------------------------------------------

    def _parties_page(
        self,
        model: type[R],
        kind: str,
        user_id: str,
        status: RequestStatus | MatchStatus | None,
        page: PageRequest,
    ) -> Page[R]:
        """One list from the user's two partitions: as mentee (GSI1) and as mentor (GSI2)."""
        return self.page(
            model,
            scope=f"{kind.lower()}:{status.value if status else 'all'}",
            sources=[
                Source("as_mentee", "GSI1", "GSI1PK", f"MENTEE_{kind}#{user_id}"),
                Source("as_mentor", "GSI2", "GSI2PK", f"MENTOR_{kind}#{user_id}"),
            ],
            page=page,
            matches=(lambda record: record.status is status) if status else None,
            newest_first=True,
        )

    def release_places_operations(self, match: MatchRecord) -> list[dict[str, Any]]:
        """When a match ends: the mentor's place is freed and the mentee may ask again."""
        return [
            self.update_operation(
                user_pk(match.mentor_id),
                MENTOR_SK,
                "ADD active_matches :minus_one",
                {":minus_one": -1, ":zero": 0},
                "active_matches > :zero",
            ),
            self.update_operation(
                user_pk(match.mentee_id),
                MENTEE_SK,
                "REMOVE active_match_id",
                {":match": match.match_id},
                "active_match_id = :match",
            ),
        ]

    def _free_mentee_operation(self, record: MatchRequestRecord) -> dict[str, Any]:
        return self.update_operation(
            user_pk(record.mentee_id),
            MENTEE_SK,
            "REMOVE pending_request_id",
            {":request": record.request_id},
            "pending_request_id = :request",
        )

    def _transact_transition(self, operations: list[dict[str, Any]]) -> None:
        try:
            self.transact(operations)
        except TransactionFailed as failure:
            if 0 in failure.failed:
                raise InvalidTransition("This request has already been answered.") from None
            logger.error("A request and its mentee were out of step")
            raise ServiceUnavailable() from None
