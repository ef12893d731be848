"""Matches: the relationship's record, seen by its two parties and administrators, and its
end (early, by either party or an administrator; or by its last session)."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring import notices
from mentoring.auth import Principal
from mentoring.clock import Clock
from mentoring.errors import NotFound
from mentoring.models import MatchView, Page
from mentoring.observability import logger, metrics
from mentoring.pagination import PageRequest
from mentoring.records import EndReason, MatchRecord, MatchStatus
from mentoring.stores import Matches, MatchReader


def visible_match(matches: MatchReader, caller: Principal, match_id: str) -> MatchRecord:
    """A match its two parties and administrators may see; to anyone else it does not exist."""
    match = matches.get(match_id)
    if match is None or not (match.is_party(caller.user_id) or caller.is_admin):
        raise NotFound("No such match.")
    return match


@dataclass
class MatchService:
    matches: Matches
    clock: Clock

    def list(
        self, caller: Principal, status: MatchStatus | None, page: PageRequest
    ) -> Page[MatchView]:
        if caller.is_admin:
            found = self.matches.every(status, page)
        else:
            found = self.matches.of_user(caller.user_id, status, page)
        return Page[MatchView](
            items=[MatchView.of(record, caller.user_id) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get(self, caller: Principal, match_id: str) -> MatchView:
        return MatchView.of(visible_match(self.matches, caller, match_id), caller.user_id)

    def end(self, caller: Principal, match_id: str) -> MatchView:
        match = visible_match(self.matches, caller, match_id)
        if caller.user_id == match.mentee_id:
            reason = EndReason.ENDED_BY_MENTEE
        elif caller.user_id == match.mentor_id:
            reason = EndReason.ENDED_BY_MENTOR
        else:
            reason = EndReason.ENDED_BY_ADMIN
        now = self.clock.now()
        # Both are told; the mentee's email is the evaluation invitation.
        ended = self.matches.end(match, reason, now, notices.match_ended(match, now))
        record_match_ended(match, reason)
        return MatchView.of(ended, caller.user_id)


def record_match_ended(match: MatchRecord, reason: EndReason) -> None:
    """Logs and metrics for a match that ended (early, or by its last session)."""
    logger.info("Match ended", match_id=match.match_id, end_reason=reason.value)
    metrics.add_metric(name="MatchEnded", unit="Count", value=1)
