"""Sessions: the mentor's activity logs of a match (at most its limit), the mentee's notes.

Access patterns (keys in mentoring.data.keys):

| pattern                          | where | key condition                               |
|----------------------------------|-------|---------------------------------------------|
| a match's sessions, in order     | table | PK = MATCH#<id>, SK begins_with SESSION#    |
| one session                      | table | PK = MATCH#<id>, SK = SESSION#<n>           |

Invariant: session n+1 is written only while the match is active with n sessions (the
match's `sessions_used` is compared and set in the same transaction); the last allowed one
ends the match there too (mentoring.data.transitions.end_match).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mentoring.data.dynamo import Item
from mentoring.data.keys import (
    AS_MENTOR,
    AS_THEMSELVES_OR_MENTEE,
    NUDGE_DUE,
    SESSION_PREFIX,
    about_both,
    follow_up,
    match_key,
    session_key,
    stored_time,
)
from mentoring.data.outbox import notice_ops
from mentoring.data.pages import Source, read_page
from mentoring.data.table import ConditionFailed, Query, Table, TransactionFailed, Update
from mentoring.data.totals import count_ops
from mentoring.data.transitions import end_match, plan_unchanged
from mentoring.domain import totals
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import EndReason, MatchRecord, MatchStatus, SessionRecord
from mentoring.errors import NoSuchSession, ServiceUnavailable
from mentoring.mail.notices import Notice
from mentoring.observability import logger
from mentoring.services.ports import SessionConflict

ERASED_SUMMARY = "(erased)"


def session_item(match: MatchRecord, session: SessionRecord) -> Item:
    pk, sk = session_key(match.match_id, session.session_number)
    return {
        "PK": pk,
        "SK": sk,
        "entity": "session",
        **about_both(match.mentee_id, match.mentor_id, (pk, sk)),
    } | session.model_dump(mode="json")


class SessionStore:
    def __init__(self, table: Table):
        self._table = table

    def log(
        self, match: MatchRecord, session: SessionRecord, notices: Sequence[Notice] = ()
    ) -> None:
        """Write session n+1 if the match is still active with n sessions; the last allowed
        session ends the match in the same transaction."""
        table = self._table
        counted = {
            "sessions_used": session.session_number,
            "last_session_at": stored_time(session.logged_at),
        }
        # The count is as read, and so is the plan of meetings still to come.
        still, values = plan_unchanged(match)
        if session.session_number >= match.sessions_limit:
            operations = end_match(
                table,
                match,
                EndReason.SESSIONS_COMPLETE,
                session.logged_at,
                also=Update(set=counted, condition=still, values=values),
                also_count=totals.session_logged(session.mode),
            )
        else:
            # A new quiet spell starts: a nudge falls due if it lasts.
            update = Update(
                set=counted | follow_up(NUDGE_DUE, session.logged_at, match.match_id),
                condition=f"#status = :active AND {still}",
                values={":active": MatchStatus.ACTIVE.value, **values},
            )
            operations = {"match": table.update_op(match_key(match.match_id), update)} | count_ops(
                table, totals.session_logged(session.mode)
            )
        try:
            table.transact(
                {"session": table.put_op(session_item(match, session)), **operations}
                | notice_ops(table, notices)
            )
        except TransactionFailed as failure:
            if "match" in failure.failed or "session" in failure.failed:
                raise SessionConflict() from None
            logger.error("Completing a match found the profiles out of step")
            raise ServiceUnavailable() from None

    def of_match(self, match_id: str, page: PageRequest) -> Page[SessionRecord]:
        return read_page(
            self._table,
            SessionRecord,
            scope=f"sessions:{match_id}",
            sources=[Source("sessions", self._sessions(match_id))],
            page=page,
        )

    def set_mentee_notes(
        self, match_id: str, number: int, notes: str, now: datetime
    ) -> SessionRecord:
        try:
            item = self._table.update(
                session_key(match_id, number),
                Update(
                    set={"mentee_notes": notes, "notes_updated_at": stored_time(now)},
                    condition="attribute_exists(PK)",  # never creates a session
                ),
            )
        except ConditionFailed:
            raise NoSuchSession() from None
        return SessionRecord.model_validate(item)

    # ---- a user's data -----------------------------------------------------------------

    def forget(self, match_id: str, number: int, as_mentee: bool) -> None:
        """A party erased: their key to the session goes; and as a mentee's session record is
        about them, when a mentee leaves only when, how and how long remain."""
        if as_mentee:
            update = Update(
                set={"summary": ERASED_SUMMARY, "actions": "", "topics": []},
                remove=("mentee_notes", "notes_updated_at", *AS_THEMSELVES_OR_MENTEE),
            )
        else:
            update = Update(remove=AS_MENTOR)
        self._table.update(session_key(match_id, number), update)

    @staticmethod
    def _sessions(match_id: str) -> Query:
        return Query(
            match_key(match_id)[0],
            sort="begins_with(#SK, :prefix)",
            sort_values={":prefix": SESSION_PREFIX},
        )
