"""Matches: the relationship's record, seen by its two parties and administrators, and its
end (early, by either party or an administrator; or by its last session)."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.clock import Clock
from mentoring.domain.models import MatchView
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import EndReason, MatchRecord, MatchStatus
from mentoring.errors import NoSuchMatch
from mentoring.mail.kinds.matches import match_ended
from mentoring.services.ending import after_match_ended
from mentoring.services.ports import Matches, MatchReader, Meetings, PlaceOffers


def visible_match(matches: MatchReader, caller: Principal, match_id: str) -> MatchRecord:
    """A match its two parties and administrators may see; to anyone else it does not exist."""
    match = matches.get(match_id)
    if match is None or not (match.is_party(caller.user_id) or caller.is_admin):
        raise NoSuchMatch()
    return match


@dataclass(frozen=True, kw_only=True)
class MatchService:
    matches: Matches
    meetings: Meetings
    offers: PlaceOffers
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
        ended = self.matches.end(match, reason, now, match_ended(match, now))
        after_match_ended(self.meetings, self.offers, match, reason, now)
        return MatchView.of(ended, caller.user_id)
