"""Matches: mentoring relationships, from acceptance (written by mentoring.data.requests) to
their end, and the schedule's nudges and evaluation reminders on them.

Access patterns (keys in mentoring.data.keys):

| pattern                                 | where | key condition                            |
|-----------------------------------------|-------|------------------------------------------|
| one match                               | table | PK = MATCH#<id>, SK = MATCH              |
| a mentee's matches, newest first        | GSI1  | GSI1PK = MENTEE_MATCHES#<user>           |
| a mentor's matches                      | GSI2  | GSI2PK = MENTOR_MATCHES#<user>           |
| matches by status (administrators)      | GSI3  | GSI3PK = MATCHES#<status>                |
| owed a nudge, quiet since before t      | GSI4  | GSI4PK = FOLLOW_UP#nudge, GSI4SK <= t    |
| owed an evaluation reminder, ended in   | GSI4  | GSI4PK = FOLLOW_UP#evaluation, between   |

GSI4 is sparse: a match is on it only while a follow-up is outstanding. It joins the nudge
list when it starts and again with each session logged (a new quiet spell), moves to the
evaluation list when it ends, and leaves when the nudge or reminder is claimed or the
evaluation arrives: a schedule run reads what is due, not every match.

Invariants: a match ends once (its status is the write's condition), freeing the mentor's
place and the mentee's slot in the same transaction; each reminder is claimed once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from mentoring.data.dynamo import Item, plain
from mentoring.data.keys import (
    EVALUATION_DUE,
    FOLLOW_UP,
    NUDGE_DUE,
    as_mentee,
    as_mentor,
    match_key,
    matches_by_status,
    party_key,
    stored_time,
    timed_key,
    up_to,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, both_sides, read_page
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed, Update
from mentoring.data.transitions import end_match
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import (
    ERASED_ID,
    ERASED_NAME,
    EndReason,
    MatchRecord,
    MatchReminder,
    MatchStatus,
)
from mentoring.errors import MatchNotActive, ServiceUnavailable
from mentoring.mail.notices import Notice
from mentoring.observability import logger


class MatchStore:
    def __init__(self, table: Table):
        self._table = table

    def get(self, match_id: str) -> MatchRecord | None:
        item = self._table.get(match_key(match_id))
        return MatchRecord.model_validate(item) if item else None

    def end(
        self,
        match: MatchRecord,
        reason: EndReason,
        now: datetime,
        notices: Sequence[Notice] = (),
    ) -> MatchRecord:
        """active -> ended: the mentor's place is freed, the mentee may ask again."""
        table = self._table
        try:
            table.transact(end_match(table, match, reason, now) | notice_ops(table, notices))
        except TransactionFailed as failure:
            if "match" in failure.failed:
                raise MatchNotActive() from None
            logger.error("Ending a match found the profiles out of step", match_id=match.match_id)
            raise ServiceUnavailable() from None
        return match.model_copy(
            update={"status": MatchStatus.ENDED, "ended_at": now, "end_reason": reason}
        )

    # ---- the schedule ------------------------------------------------------------------

    def quiet_since_ids(self, before: datetime) -> Iterator[str]:
        """Active matches not yet nudged whose quiet spell began before `before`."""
        yield from self._follow_ups(NUDGE_DUE, "#GSI4SK <= :until", {":until": up_to(before)})

    def ended_between_ids(self, since: datetime, before: datetime) -> Iterator[str]:
        """Ended matches with no evaluation and no reminder yet, ended in [since, before]."""
        yield from self._follow_ups(
            EVALUATION_DUE,
            "#GSI4SK BETWEEN :since AND :until",
            {":since": stored_time(since), ":until": up_to(before)},
        )

    def _follow_ups(self, kind: str, sort: str, values: dict[str, str]) -> Iterator[str]:
        query = Query(kind, index="GSI4", sort=sort, sort_values=values)
        for item in self._table.items(query):
            yield str(item["PK"]).removeprefix("MATCH#")

    def claim_nudge(self, match_id: str, quiet_since: datetime, notices: Sequence[Notice]) -> bool:
        """Claim the nudge for this quiet spell, once, with its emails; False if taken, the
        match ended, or a session has begun another spell since."""
        return self._claim(
            match_id,
            MatchReminder.NUDGED_FOR,
            quiet_since,
            notices,
            "#status = :active AND #GSI4PK = :nudge AND #GSI4SK = :spell "
            "AND (attribute_not_exists(#nudged_for) OR #nudged_for <> :quiet_since)",
            {
                ":active": MatchStatus.ACTIVE.value,
                ":nudge": NUDGE_DUE,
                ":spell": timed_key(quiet_since, match_id),
                ":quiet_since": stored_time(quiet_since),
            },
        )

    def claim_evaluation_reminder(
        self, match_id: str, now: datetime, notices: Sequence[Notice]
    ) -> bool:
        """Claim the one evaluation reminder, with its email, unless sent before or the
        evaluation is in."""
        return self._claim(
            match_id,
            MatchReminder.EVALUATION,
            now,
            notices,
            "attribute_not_exists(#evaluation_reminded_at) "
            "AND (attribute_not_exists(#evaluated) OR #evaluated = :no)",
            {":no": False},
        )

    def _claim(
        self,
        match_id: str,
        reminder: MatchReminder,
        value: datetime,
        notices: Sequence[Notice],
        condition: str,
        values: dict[str, object],
    ) -> bool:
        try:
            self._table.update_with(
                match_key(match_id),
                Update(
                    set={reminder.value: stored_time(value)},
                    remove=FOLLOW_UP,  # done: off the schedule's list
                    condition=condition,
                    values=values,
                ),
                notice_ops(self._table, notices),
            )
        except ConditionFailed:
            return False
        return True

    # ---- lists -------------------------------------------------------------------------

    def of_user(
        self, user_id: str, status: MatchStatus | None, page: PageRequest
    ) -> Page[MatchRecord]:
        """Matches the user is (or was) mentee or mentor of, newest first."""
        return read_page(
            self._table,
            MatchRecord,
            scope=f"matches:{status.value if status else 'all'}",
            sources=both_sides("MATCHES", user_id),
            page=page,
            matches=(lambda record: record.status is status) if status else None,
        )

    def every(self, status: MatchStatus | None, page: PageRequest) -> Page[MatchRecord]:
        statuses = [status] if status else list(MatchStatus)
        return read_page(
            self._table,
            MatchRecord,
            scope=f"all-matches:{status.value if status else 'all'}",
            sources=[
                Source(s.value, Query(matches_by_status(s.value), "GSI3", newest_first=True))
                for s in statuses
            ],
            page=page,
        )

    # ---- a user's data -----------------------------------------------------------------

    def involving(self, user_id: str) -> Iterator[Item]:
        """Every match the user is or was part of, as stored (export, erasure)."""
        for query in (
            Query(as_mentee("MATCHES", user_id), index="GSI1"),
            Query(as_mentor("MATCHES", user_id), index="GSI2"),
        ):
            yield from (plain(item) for item in self._table.items(query))

    def anonymise(self, match_id: str, as_mentee: bool) -> None:
        role, index = ("mentee", "GSI1") if as_mentee else ("mentor", "GSI2")
        self._table.update(
            match_key(match_id),
            Update(
                set={f"{role}_id": ERASED_ID, f"{role}_name": ERASED_NAME},
                remove=(f"{index}PK", f"{index}SK", f"{role}_email", *party_key(as_mentee)),
            ),
        )
