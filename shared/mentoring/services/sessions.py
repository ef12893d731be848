"""Sessions: the mentor logs each meeting (at most four); the mentee adds their own notes.

The log is confidential to the two parties. An administrator sees only when, how and how long;
anyone else is told the match does not exist. Summary, actions and notes never reach logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.clock import LONDON, Clock, today_in_london
from mentoring.domain.models import MenteeNotes, SessionCreate, SessionMetadata, SessionView
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import EndReason, MatchStatus, SessionRecord
from mentoring.errors import (
    Forbidden,
    MatchNotActive,
    NoSuchSession,
    ServiceUnavailable,
    SessionLimitReached,
    ValidationFailed,
)
from mentoring.mail.kinds.matches import match_ended, session_logged
from mentoring.observability import logger, metrics
from mentoring.services.ending import after_match_ended
from mentoring.services.matches import visible_match
from mentoring.services.ports import (
    MatchReader,
    Meetings,
    PlaceOffers,
    SessionConflict,
    Sessions,
)

_ATTEMPTS = 5


def _held_on_problem(message: str) -> ValidationFailed:
    return ValidationFailed.on("held_on", "date_out_of_range", message)


@dataclass(frozen=True, kw_only=True)
class SessionService:
    sessions: Sessions
    matches: MatchReader
    meetings: Meetings
    offers: PlaceOffers
    clock: Clock

    def log(self, caller: Principal, match_id: str, body: SessionCreate) -> SessionView:
        for _ in range(_ATTEMPTS):
            match = visible_match(self.matches, caller, match_id)
            if caller.user_id != match.mentor_id:
                raise Forbidden("Only the mentor logs sessions.")
            now = self.clock.now()
            # Meetings still to come hold their places: the store's write checks the plan is
            # as counted here.
            planned = match.upcoming_meetings(now)
            if match.sessions_used + planned >= match.sessions_limit:
                raise SessionLimitReached.of(match.sessions_limit, planned, logging=True)
            if match.status is not MatchStatus.ACTIVE:
                raise MatchNotActive()
            if body.held_on > today_in_london(self.clock):
                raise _held_on_problem("A session cannot be logged before it has happened.")
            if body.held_on < match.started_at.astimezone(LONDON).date():
                raise _held_on_problem("The session date is before the match started.")
            session = SessionRecord(
                match_id=match.match_id,
                session_number=match.sessions_used + 1,
                logged_at=now,
                **body.model_dump(),
            )
            last = session.session_number >= match.sessions_limit
            # The mentee is told a log awaits their notes; the last one also ends the match,
            # and both are told that.
            told = session_logged(match, session.session_number, now)
            if last:
                told += match_ended(match, now)
            try:
                self.sessions.log(match, session, told)
            except SessionConflict:
                continue  # another session was logged (or the match ended) meanwhile: re-read
            logger.info("Session logged", match_id=match_id, session_number=session.session_number)
            metrics.add_metric(name="SessionLogged", unit="Count", value=1)
            if last:
                after_match_ended(
                    self.meetings, self.offers, match, EndReason.SESSIONS_COMPLETE, now
                )
            return SessionView.of(session)
        raise ServiceUnavailable()

    def list(
        self, caller: Principal, match_id: str, page: PageRequest
    ) -> Page[SessionView] | Page[SessionMetadata]:
        match = visible_match(self.matches, caller, match_id)
        found = self.sessions.of_match(match_id, page)
        if match.is_party(caller.user_id):
            return Page[SessionView](
                items=[SessionView.of(s) for s in found.items], next_cursor=found.next_cursor
            )
        return Page[SessionMetadata](
            items=[SessionMetadata.of(s) for s in found.items], next_cursor=found.next_cursor
        )

    def add_notes(
        self, caller: Principal, match_id: str, number: int, body: MenteeNotes
    ) -> SessionView:
        match = visible_match(self.matches, caller, match_id)
        if caller.user_id != match.mentee_id:
            raise Forbidden("Only the mentee adds notes to a session.")
        if not 1 <= number <= match.sessions_used:
            raise NoSuchSession()
        record = self.sessions.set_mentee_notes(
            match_id, number, body.mentee_notes, self.clock.now()
        )
        logger.info("Mentee notes saved", match_id=match_id, session_number=number)
        return SessionView.of(record)
