"""Changes that span aggregates, written once and used by every store that needs them.

The scheme's invariants live on the profiles as slots: a mentee's one pending request
(`pending_request_id`) and one active match (`active_match_id`), a mentor's places taken
(`active_matches`, never above `capacity`; `places_taken`, those and the places held for
mentees offered one from the waiting list), a mentee's requests today and waiting lists.
Requests, matches and sessions change them in the same transaction as their own item,
through these operations; a match is born (the item `match_item` writes, with the request's
acceptance) and ends (early, by its last session, or by an erasure) through `end_match`. A
profile's edit (a mentee's, a mentor's) is `profile_update`. A change that may free a
mentor's place marks them (`place_freed`) for the waiting list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    EVALUATION_DUE,
    NUDGE_DUE,
    OFFER_DUE,
    PLACE_FREED,
    about,
    about_both,
    as_mentee,
    as_mentor,
    follow_up,
    match_key,
    matches_by_status,
    mentee_key,
    mentor_key,
    request_key,
    requests_by_status,
    requests_on_key,
    standing_check,
    stored_time,
    timed_key,
    waiting_key,
)
from mentoring.data.table import Operation, Table, Update
from mentoring.data.totals import count_ops
from mentoring.domain import totals
from mentoring.domain.records import (
    EndReason,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MentorStatus,
    RequestStatus,
    WaitingStatus,
)
from mentoring.domain.standing import Standing

# ---- a match is born ---------------------------------------------------------------------


def match_item(record: MatchRecord) -> Item:
    # The meetings it plans are a string set, written only by the meetings' own changes.
    data = record.model_dump(mode="json", exclude={"planned_meetings", "planning_version"})
    pk, sk = match_key(record.match_id)
    return {
        "PK": pk,
        "SK": sk,
        "entity": "match",
        "GSI1PK": as_mentee("MATCHES", record.mentee_id),
        "GSI1SK": timed_key(data["started_at"], record.match_id),
        "GSI2PK": as_mentor("MATCHES", record.mentor_id),
        "GSI2SK": timed_key(data["started_at"], record.match_id),
        "GSI3PK": matches_by_status(record.status.value),
        "GSI3SK": timed_key(data["started_at"], record.match_id),
        # Quiet from the start: due a nudge if no session is logged in time.
        **follow_up(NUDGE_DUE, data["started_at"], record.match_id),
        **about_both(record.mentee_id, record.mentor_id, (pk, sk)),
    } | data


# ---- a request closes -------------------------------------------------------------------


def request_status_key(record: MatchRequestRecord) -> str:
    # Pending requests sort by deadline (the schedule's query); the rest by when decided.
    moment = record.respond_by if record.status is RequestStatus.PENDING else record.decided_at
    return timed_key(moment or record.created_at, record.request_id)


@dataclass(frozen=True)
class Closing:
    """A pending request closing: the request as it will be, the writes that close it (named
    `<name>`, which fails if it is no longer pending, and `<name>_slot`, the mentee's slot
    freed), and what it adds to the scheme's totals."""

    closed: MatchRequestRecord
    operations: dict[str, Operation]
    counted: dict[str, int]


def close_request(
    table: Table,
    record: MatchRequestRecord,
    to: RequestStatus,
    now: datetime,
    reason: str | None = None,
    name: str = "request",
) -> Closing:
    """pending -> declined, withdrawn or expired, freeing the mentee to choose again."""
    closed = record.model_copy(update={"status": to, "decided_at": now, "decline_reason": reason})
    fields: dict[str, Any] = {
        "status": to.value,
        "decided_at": stored_time(now),
        "GSI3PK": requests_by_status(to.value),
        "GSI3SK": request_status_key(closed),
    }
    if reason is not None:
        fields["decline_reason"] = reason
    still_pending = Update(
        set=fields, condition="#status = :pending", values={":pending": RequestStatus.PENDING.value}
    )
    operations = {
        name: table.update_op(request_key(record.request_id), still_pending),
        f"{name}_slot": free_request_slot(table, record.mentee_id, record.request_id),
    }
    if record.holds_place:
        operations[f"{name}_hold"] = free_held_place(table, record.mentor_id, now)
    return Closing(
        closed=closed,
        operations=operations,
        counted=totals.request_answered(record, to, now, reason),
    )


# ---- a mentee's slots -------------------------------------------------------------------


def take_request_slot(
    table: Table, mentee_id: str, request_id: str, *, leaving_a_list: bool = False
) -> Operation:
    """The mentee's one pending request, if they are registered, waiting on none, unmatched
    (and, for a request that takes up an offered place, one waiting list fewer)."""
    return table.update_op(
        mentee_key(mentee_id),
        Update(
            set={"pending_request_id": request_id},
            add={"waiting_lists": -1} if leaving_a_list else {},
            condition="attribute_exists(PK) AND attribute_not_exists(#pending_request_id) "
            "AND attribute_not_exists(#active_match_id) "
            "AND (attribute_not_exists(#standing) OR #standing <> :lapsed)",
            values={":lapsed": Standing.LAPSED.value},
        ),
    )


def free_request_slot(table: Table, mentee_id: str, request_id: str) -> Operation:
    return table.update_op(
        mentee_key(mentee_id),
        Update(
            remove=("pending_request_id",),
            condition="#pending_request_id = :request",
            values={":request": request_id},
        ),
    )


def count_request_today(
    table: Table, mentee_id: str, day: str, max_per_day: int, expires_at: int
) -> Operation:
    """One more request today, if fewer than the day's limit were sent (kept two days)."""
    key = requests_on_key(mentee_id, day)
    return table.update_op(
        key,
        Update(
            add={"request_count": 1},
            set={"expires_at": expires_at, **about(mentee_id, key)},
            condition="attribute_not_exists(#request_count) OR #request_count < :max",
            values={":max": max_per_day},
        ),
    )


def match_the_mentee(table: Table, mentee_id: str, request_id: str, match_id: str) -> Operation:
    """The pending request becomes the mentee's active match."""
    return table.update_op(
        mentee_key(mentee_id),
        Update(
            set={"active_match_id": match_id},
            remove=("pending_request_id",),
            condition="#pending_request_id = :request AND attribute_not_exists(#active_match_id)",
            values={":request": request_id},
        ),
    )


# ---- a mentor's places ------------------------------------------------------------------


# Approved, taking requests, and not lapsed (a lapsed mentor is out of the directory).
_OPEN = (
    "attribute_exists(PK) AND #status = :approved AND #accepting_requests = :yes "
    "AND (attribute_not_exists(#standing) OR #standing <> :lapsed)"
)


def mentor_has_room(table: Table, mentor_id: str, *, held: bool = False) -> Operation:
    """The mentor takes requests and has a place free for anyone (`held`: the place an offer
    holds for this mentee is enough)."""
    return table.check_op(
        mentor_key(mentor_id),
        _OPEN if held else f"{_OPEN} AND #places_taken < #capacity",
        {":approved": MentorStatus.APPROVED.value, ":yes": True, ":lapsed": Standing.LAPSED.value},
    )


def take_a_place(table: Table, mentor_id: str, *, held: bool = False) -> Operation:
    """A match takes a place: a free one, or (`held`) the one its request held already."""
    return table.update_op(
        mentor_key(mentor_id),
        Update(
            add={"active_matches": 1} if held else {"active_matches": 1, "places_taken": 1},
            condition="#status = :approved AND "
            + ("#active_matches < #capacity" if held else "#places_taken < #capacity"),
            values={":approved": MentorStatus.APPROVED.value},
        ),
    )


def place_freed(now: datetime, mentor_id: str) -> dict[str, str]:
    """Marks the mentor for the waiting list: a place may be free to offer. The offer that
    follows the change takes the mark off; if it never ran, the schedule finds it."""
    return follow_up(PLACE_FREED, now, mentor_id)


def free_held_place(table: Table, mentor_id: str, now: datetime) -> Operation:
    """An offered place no longer held (the offer lapsed or was left, or its request closed)."""
    return table.update_op(
        mentor_key(mentor_id),
        Update(
            set=place_freed(now, mentor_id),
            add={"places_taken": -1},
            condition="#places_taken > :zero",
            values={":zero": 0},
        ),
    )


# A mentee off a list: the entry stays a day as `left`, out of every index and without their
# name or address, rather than deleted (only erasure deletes the scheme's data).
LEFT = "left"
_KEEP_LEFT = timedelta(days=1)


def off_the_list(now: datetime, condition: str, values: Mapping[str, Any]) -> Update:
    return Update(
        set={
            "status": LEFT,
            "left_at": stored_time(now),
            "expires_at": int((now + _KEEP_LEFT).timestamp()),
        },
        remove=(
            "mentee_name",
            "mentor_name",
            "mentee_email",
            *("GSI2PK", "GSI2SK", "GSI4PK", "GSI4SK", "GSI5PK", "GSI5SK", "GSI6PK", "GSI6SK"),
        ),
        condition=condition,
        values=values,
    )


def take_up_offer(table: Table, mentee_id: str, mentor_id: str, now: datetime) -> Operation:
    """The offered mentee's request takes over the place their offer held, while it is open."""
    return table.update_op(
        waiting_key(mentee_id, mentor_id),
        off_the_list(
            now,
            "#status = :offered AND #offer_expires_at >= :now",
            {":offered": WaitingStatus.OFFERED.value, ":now": stored_time(now)},
        ),
    )


def offer_due(expires_at: datetime, mentee_id: str) -> dict[str, str]:
    return follow_up(OFFER_DUE, expires_at, mentee_id)


def release_places(table: Table, match: MatchRecord, now: datetime) -> dict[str, Operation]:
    """When a match ends: the mentor's place is freed, and the mentee may ask again."""
    return {
        "mentor_place": table.update_op(
            mentor_key(match.mentor_id),
            Update(
                set=place_freed(now, match.mentor_id),
                add={"active_matches": -1, "places_taken": -1},
                condition="#active_matches > :zero",
                values={":zero": 0},
            ),
        ),
        "mentee_match": table.update_op(
            mentee_key(match.mentee_id),
            Update(
                remove=("active_match_id",),
                condition="#active_match_id = :match",
                values={":match": match.match_id},
            ),
        ),
    }


# ---- a match ends -----------------------------------------------------------------------


def plan_unchanged(match: MatchRecord) -> tuple[str, dict[str, object]]:
    """The condition that the match's sessions and planned meetings are as `match` was read
    (its `sessions_used` and `planning_version`), with its values: a session logged or a
    meeting planned on a stale count fails it, and is counted again."""
    condition = "#sessions_used = :used AND " + (
        "attribute_not_exists(#planning_version)"
        if match.planning_version == 0
        else "#planning_version = :version"
    )
    values: dict[str, object] = {":used": match.sessions_used}
    if match.planning_version:
        values[":version"] = match.planning_version
    return condition, values


def ended_fields(match_id: str, reason: EndReason, now: datetime) -> dict[str, object]:
    """What ending writes on the match: ended matches sort by end time; no more nudges, and
    its evaluation is awaited (the schedule's follow-up)."""
    return {
        "status": MatchStatus.ENDED.value,
        "ended_at": stored_time(now),
        "end_reason": reason.value,
        "GSI3PK": matches_by_status(MatchStatus.ENDED.value),
        "GSI3SK": timed_key(now, match_id),
        **follow_up(EVALUATION_DUE, now, match_id),
    }


def end_match(
    table: Table,
    match: MatchRecord,
    reason: EndReason,
    now: datetime,
    *,
    also: Update | None = None,
    also_count: Mapping[str, int] | None = None,
) -> dict[str, Operation]:
    """active -> ended, with the places released and the totals counted: "match" fails if it
    is no longer active (or `also`'s condition, checked with it, no longer holds); `also`'s
    fields are set with the end."""
    also = also or Update(condition="")
    check = "#status = :active" + (f" AND {also.condition}" if also.condition else "")
    return {
        "match": table.update_op(
            match_key(match.match_id),
            Update(
                set={**ended_fields(match.match_id, reason, now), **also.set},
                condition=check,
                values={":active": MatchStatus.ACTIVE.value, **also.values},
            ),
        ),
        **release_places(table, match, now),
        **count_ops(table, totals.match_ended(reason), also_count or {}),
    }


def with_standing_check(changes: Mapping[str, Any], user_id: str, role: str) -> dict[str, Any]:
    """A profile's changes with its place on the schedule's list of standing checks: the day
    in `standing_check` (None: off the list)."""
    fields = dict(changes)
    if "standing_check" not in changes:
        return fields
    day = changes["standing_check"]
    if day is None:
        return fields | {"GSI3PK": None, "GSI3SK": None}
    return fields | standing_check(str(day), user_id, role)


def profile_update(
    changes: Mapping[str, Any],
    now: datetime,
    condition: str = "",
    values: Mapping[str, Any] | None = None,
) -> Update:
    """Set what changed (None removes it), when the profile exists (and `condition` holds)."""
    return Update(
        set={"updated_at": stored_time(now)} | {k: v for k, v in changes.items() if v is not None},
        remove=tuple(k for k, v in changes.items() if v is None),
        condition="attribute_exists(PK)" + (f" AND {condition}" if condition else ""),
        values=dict(values or {}),
    )
