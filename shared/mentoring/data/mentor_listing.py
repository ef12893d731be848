"""A mentor's listing: their edits, approval and suspension, and leaving the directory.

Access patterns (keys in mentoring.data.keys; the listing's entries in mentoring.data.directory):

| pattern                               | where | key condition                                    |
|---------------------------------------|-------|--------------------------------------------------|
| one mentor profile                    | table | PK = USER#<user>, SK = MENTOR                    |
| approved mentors by one search term   | table | mentoring.data.directory (its index entries)     |

A mentor's directory entries are written in the same transaction as the change that makes
them (approval, suspension, an edit of what the directory searches); an edit is made against
the profile as read (`updated_at` unchanged), so two edits at once cannot leave the entries
out of step. Joining and reading profiles is mentoring.data.profiles.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from mentoring.data import directory as index
from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    DIRECTORY,
    MENTOR,
    directory_sort_key,
    mentor_key,
    status_sort_key,
    stored_time,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.standing_items import record_item
from mentoring.data.table import ConditionFailed, Key, Operation, Table, TransactionFailed, Update
from mentoring.data.totals import count_ops
from mentoring.data.transitions import (
    close_request,
    place_freed,
    profile_update,
    with_standing_check,
)
from mentoring.domain import totals
from mentoring.domain.records import (
    Attendance,
    MatchRequestRecord,
    MentorRecord,
    MentorStatus,
    RequestStatus,
    TrainingRecord,
)
from mentoring.domain.search_terms import SEARCHED_FIELDS
from mentoring.domain.standing import Standing
from mentoring.errors import (
    InvalidTransition,
    NoMentorProfile,
    NoSuchMentor,
    ServiceUnavailable,
    ValidationFailed,
)
from mentoring.mail.notices import Notice
from mentoring.observability import logger
from mentoring.services.ports import Declining

# A transaction's limit, less room for the profile itself, its notices and its totals.
_MOST_IN_ONE_TRANSACTION = 95
# What a change of standing writes, decided on the profile as read: the fields to set (None
# removes one), the notices it owes, and the records written with it.
MentorChange = Callable[
    [MentorRecord],
    tuple[dict[str, Any], Sequence[Notice], Sequence[TrainingRecord | Attendance]],
]
# The waiting requests a change declines with it are its companions `waiting_1`, ...
_DECLINE = "waiting_"
# Edits made at the same moment are retried against the profile as it then is, after a short
# random pause (so two writers fall out of step); only a profile edited without pause, for
# the whole of the attempts, makes a change give up (503, nothing written).
_EDIT_ATTEMPTS = 6
_FIRST_PAUSE_SECONDS = 0.01


def _pause_before(attempt: int) -> None:
    if attempt:
        time.sleep(random.uniform(0, _FIRST_PAUSE_SECONDS * 2 ** (attempt - 1)))  # noqa: S311


class MentorListingStore:
    def __init__(self, table: Table):
        self._table = table

    def _mentor(self, user_id: str) -> MentorRecord | None:
        item = self._table.get(mentor_key(user_id))
        return MentorRecord.model_validate(item) if item else None

    def update_mentor(
        self,
        user_id: str,
        changes: Mapping[str, Any],
        now: datetime,
        declining: Declining | None = None,
    ) -> MentorRecord:
        """An edit of one's mentor profile; the directory's entries follow what it changes,
        and the requests `declining` names are declined with it."""
        if not SEARCHED_FIELDS & set(changes):
            return self._edit_mentor(user_id, changes, now, declining)
        for attempt in range(_EDIT_ATTEMPTS):
            _pause_before(attempt)
            current = self._mentor(user_id)
            if current is None:
                raise NoMentorProfile()
            edited = _edited(current, changes, now)
            terms = index.TermChanges.between(current, edited)
            if not terms:
                return self._edit_mentor(user_id, changes, now, declining)
            if self._edit_mentor_and_terms(current, edited, changes, terms, now, declining):
                return edited
        raise ServiceUnavailable()

    def _edit_mentor(
        self,
        user_id: str,
        changes: Mapping[str, Any],
        now: datetime,
        declining: Declining | None,
    ) -> MentorRecord:
        """An edit the directory's entries do not follow: one conditional update."""
        key = mentor_key(user_id)
        try:
            item = self._commit(
                key, _mentor_update(changes, now, user_id), _Companions(now, declining=declining)
            )
        except ConditionFailed as failure:
            _edit_refused(failure.old_item)
        if item is None:  # written in a transaction, which answers nothing: read it back
            item = self._table.get(key)
        return MentorRecord.model_validate(item)

    def _edit_mentor_and_terms(
        self,
        current: MentorRecord,
        edited: MentorRecord,
        changes: Mapping[str, Any],
        terms: index.TermChanges,
        now: datetime,
        declining: Declining | None,
    ) -> bool:
        """The edit and its entries together; False if the profile changed since it was read.
        Entries beyond one transaction's room are added first (unseen until the profile
        matches them) and removed after."""
        update = _mentor_update(changes, now, current.user_id, current.updated_at)
        if len(terms) > _MOST_IN_ONE_TRANSACTION:
            self._table.write_many(terms.puts, [])
            terms = index.TermChanges(puts=[], deletes=terms.deletes)
        try:
            self._commit(
                mentor_key(current.user_id),
                update,
                _Companions(now, terms.operations(self._table), declining=declining),
            )
        except ConditionFailed as failure:
            if failure.old_item is not None and failure.old_item.get("updated_at") != stored_time(
                current.updated_at
            ):
                return False
            _edit_refused(failure.old_item)
        return True

    def _commit(self, key: Key, update: Update, also: _Companions) -> Item | None:
        """The update with its companions and as many of the waiting requests' declines as
        fit, in one transaction; the declines that do not fit follow, each on its own. A
        request answered meanwhile is left out and the write tried again. Answers the item
        as it now is when the update went alone; ConditionFailed if its own condition fails."""
        declining = list(also.declining.requests) if also.declining else []
        # A request holding an offered place frees it on this same profile: declined alone.
        waiting = [w for w in declining if not w[0].holds_place]
        held = [w for w in declining if w[0].holds_place]
        reason = also.declining.reason if also.declining else ""
        for _ in range(_EDIT_ATTEMPTS):
            room = _MOST_IN_ONE_TRANSACTION - len(also.operations)
            declines, counted, taken = self._declines(waiting, reason, also.now, room)
            companions = also.operations | declines | count_ops(self._table, also.counted, counted)
            if not companions:
                item = self._table.update(key, update)
                for request, told in held:
                    self._decline_alone(request, told, reason, also.now)
                return item
            try:
                self._table.transact({"item": self._table.update_op(key, update)} | companions)
            except TransactionFailed as failure:
                if "item" in failure.failed:
                    raise ConditionFailed(failure.failed["item"]) from None
                answered = {
                    request.request_id
                    for number, (request, _) in enumerate(waiting[:taken], start=1)
                    if any(_is_decline(name, number) for name in failure.failed)
                }
                if not answered:
                    logger.error("A mentor's change found its companions out of step")
                    raise ServiceUnavailable() from None
                waiting = [w for w in waiting if w[0].request_id not in answered]
                continue
            for request, told in waiting[taken:] + held:
                self._decline_alone(request, told, reason, also.now)
            return None
        raise ServiceUnavailable()

    def _declines(
        self,
        waiting: Sequence[tuple[MatchRequestRecord, tuple[Notice, ...]]],
        reason: str,
        now: datetime,
        room: int,
    ) -> tuple[dict[str, Operation], Counter[str], int]:
        """The writes that decline the first waiting requests that fit in `room`: the writes,
        what they add to the totals, and how many requests they take."""
        operations: dict[str, Operation] = {}
        counted: Counter[str] = Counter()
        for number, (request, told) in enumerate(waiting, start=1):
            name = f"{_DECLINE}{number}"
            closing = close_request(self._table, request, RequestStatus.DECLINED, now, reason, name)
            its_own = closing.operations | notice_ops(self._table, told, f"{name}_notice")
            if len(operations) + len(its_own) > room:
                return operations, counted, number - 1
            operations |= its_own
            counted.update(closing.counted)
        return operations, counted, len(waiting)

    def _decline_alone(
        self, request: MatchRequestRecord, told: Sequence[Notice], reason: str, now: datetime
    ) -> None:
        closing = close_request(self._table, request, RequestStatus.DECLINED, now, reason)
        try:
            self._table.transact(
                closing.operations
                | count_ops(self._table, closing.counted)
                | notice_ops(self._table, told)
            )
        except TransactionFailed:
            return  # answered or withdrawn meanwhile

    def restand(self, user_id: str, change: MentorChange, now: datetime) -> MentorRecord:
        """A change of what a mentor's standing depends on, decided on their profile as it is
        (`change` of the profile read: the fields to set, None to remove, and the notices and
        records written with it); their directory entries follow it in the same write. Read
        again and decided again if the profile changed meanwhile."""
        for attempt in range(_EDIT_ATTEMPTS):
            _pause_before(attempt)
            current = self._mentor(user_id)
            if current is None:
                raise NoMentorProfile()
            changes, notices, puts = change(current)
            edited = _edited(current, changes, now)
            changes = with_standing_check(changes, user_id, MENTOR)
            if edited.listed != current.listed:
                changes = {**changes, "GSI1PK": DIRECTORY if edited.listed else None}
            terms = index.TermChanges.between(current, edited)
            update = _mentor_update(changes, now, user_id, current.updated_at)
            counted = totals.status_moved("mentor_standing", current.standing, edited.standing)
            companions = (
                terms.operations(self._table)
                | count_ops(self._table, counted)
                | notice_ops(self._table, notices)
                | {
                    f"record_{n}": self._table.put_op(record_item(record))
                    for n, record in enumerate(puts)
                }
            )
            try:
                self._table.transact(
                    {"item": self._table.update_op(mentor_key(user_id), update)} | companions
                )
            except TransactionFailed as failure:
                # The profile changed, or its notification was written by a change a moment
                # ago (the same announcement, say): decided again on the profile as it is.
                if "item" in failure.failed or any(n.startswith("notice") for n in failure.failed):
                    continue
                raise ServiceUnavailable() from None
            return edited
        raise ServiceUnavailable()

    def leave_directory(self, mentor: MentorRecord) -> None:
        """Erasure: the mentor's directory entries go (the profile itself goes with the
        user's partition)."""
        self._table.write_many([], index.TermChanges.between(mentor, None).deletes)

    def change_mentor_status(
        self,
        current: MentorRecord,
        to: MentorStatus,
        allowed_from: frozenset[MentorStatus],
        now: datetime,
        notices: Sequence[Notice] = (),
        declining: Declining | None = None,
    ) -> MentorRecord:
        """Approve or suspend (with the mentor's email), if the status as stored allows it,
        declining the requests `declining` names with it. The directory's entries follow the
        profile as read, so the write holds only if it is unchanged; edited a moment ago, it
        is decided again on the profile as it now is."""
        allowed = {f":from{n}": status.value for n, status in enumerate(sorted(allowed_from))}
        for attempt in range(_EDIT_ATTEMPTS):
            _pause_before(attempt)
            record, update = _status_change(current, to, now, allowed)
            terms = index.TermChanges.between(current, record)
            counted = totals.status_moved("mentors", current.status.value, to.value)
            try:
                self._commit(
                    mentor_key(current.user_id),
                    update,
                    _Companions(
                        now,
                        notice_ops(self._table, notices) | terms.operations(self._table),
                        counted,
                        declining,
                    ),
                )
            except ConditionFailed as failure:
                if failure.old_item is None:
                    raise NoSuchMentor() from None
                if failure.old_item.get("status") not in allowed.values():
                    raise InvalidTransition(
                        f"A mentor who is {failure.old_item.get('status')} "
                        f"cannot become {to.value}."
                    ) from None
                current = MentorRecord.model_validate(failure.old_item)
                continue
            return record
        raise ServiceUnavailable()


@dataclass(frozen=True)
class _Companions:
    """What a change of a mentor's profile writes with it: its notices and directory entries
    (`operations`), what it adds to the totals, and the waiting requests it declines."""

    now: datetime
    operations: dict[str, Operation] = field(default_factory=dict)
    counted: Mapping[str, int] = field(default_factory=dict)
    declining: Declining | None = None


def _status_change(
    current: MentorRecord, to: MentorStatus, now: datetime, allowed: Mapping[str, str]
) -> tuple[MentorRecord, Update]:
    """The mentor as the new status makes them, and the write that makes it so."""
    user_id = current.user_id
    fields: dict[str, Any] = {
        "status": to.value,
        "updated_at": stored_time(now),
        "GSI2SK": status_sort_key(to.value, stored_time(current.created_at), user_id),
    }
    changed: dict[str, Any] = {"status": to, "updated_at": now}
    if to is MentorStatus.APPROVED:
        fields["approved_at"] = stored_time(now)
        if current.standing is not Standing.LAPSED:  # a lapsed mentor is listed once put right
            fields["GSI1PK"] = DIRECTORY
        fields |= place_freed(now, user_id)  # back from a suspension, with places to offer
        changed |= {"approved_at": now, "suspended_at": None, "declined_at": None}
        removes: tuple[str, ...] = ("suspended_at", "declined_at")
    else:
        # Suspended, or an application declined: out of the directory, and when.
        when = "declined_at" if to is MentorStatus.DECLINED else "suspended_at"
        fields[when] = stored_time(now)
        changed[when] = now
        removes = ("GSI1PK",)
    update = Update(
        set=fields,
        remove=removes,
        condition="attribute_exists(PK) AND #updated_at = :seen "
        f"AND #status IN ({', '.join(allowed)})",
        values=dict(allowed) | {":seen": stored_time(current.updated_at)},
    )
    return current.model_copy(update=changed), update


def _is_decline(name: str, number: int) -> bool:
    """Whether a companion's name is one of the writes of the `number`-th decline."""
    own = f"{_DECLINE}{number}"
    return name == own or name.startswith(f"{own}_")


def _edited(current: MentorRecord, changes: Mapping[str, Any], now: datetime) -> MentorRecord:
    data = current.model_dump(mode="json") | dict(changes) | {"updated_at": now}
    return MentorRecord.model_validate(data)


def _mentor_update(
    changes: Mapping[str, Any],
    now: datetime,
    user_id: str,
    unchanged_since: datetime | None = None,
) -> Update:
    extra: dict[str, Any] = {}
    if "name" in changes:
        extra["GSI1SK"] = directory_sort_key(changes["name"], user_id)
    if "capacity" in changes or changes.get("accepting_requests") is True:
        extra |= place_freed(now, user_id)  # perhaps a place to offer its waiting list
    conditions, values = [], {}
    if "capacity" in changes:
        # Capacity may never drop below the places already taken.
        conditions.append("#active_matches <= :capacity")
        values[":capacity"] = changes["capacity"]
    if unchanged_since is not None:
        conditions.append("#updated_at = :seen")
        values[":seen"] = stored_time(unchanged_since)
    return profile_update({**changes, **extra}, now, " AND ".join(conditions), values)


def _edit_refused(old_item: Item | None) -> NoReturn:
    if old_item is None:
        raise NoMentorProfile() from None
    raise ValidationFailed.on(
        "capacity",
        "below_active_matches",
        "Capacity cannot be lower than your current number of mentees.",
    ) from None
