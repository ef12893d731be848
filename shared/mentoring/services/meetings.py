"""Meetings: either party proposes a time, face to face or virtually; the other confirms or
declines; either cancels. Confirmed meetings reach both calendars as invitations.

Planned meetings count against the match's sessions: sessions logged plus meetings proposed or
confirmed that have not started may not exceed the limit. The count is the one the store's
write compares (mentoring.data.meetings), so two proposals at once cannot both take the last
place. Administrators see when, how long, how and the status; never the place or the note.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mentoring.clock import Clock
from mentoring.config import MEETING_HORIZON_DAYS
from mentoring.domain.models import MeetingCreate, MeetingMetadata, MeetingView
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    MatchRecord,
    MatchStatus,
    MeetingRecord,
    MeetingStatus,
    SessionMode,
)
from mentoring.errors import (
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    MeetingTimePassed,
    NoSuchMeeting,
    ServiceUnavailable,
    SessionLimitReached,
    ValidationFailed,
)
from mentoring.mail.kinds.meetings import meeting_answered, meeting_cancelled, meeting_proposed
from mentoring.observability import logger, metrics
from mentoring.services.matches import visible_match
from mentoring.services.ports import MatchReader, Meetings, PlanChanged

_ATTEMPTS = 5


def meeting_id_for(starts_at: datetime) -> str:
    """Ids begin with the start time, so a match's meetings sort soonest first."""
    return f"{starts_at.astimezone(UTC):%Y%m%dT%H%MZ}-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True, kw_only=True)
class MeetingService:
    meetings: Meetings
    matches: MatchReader
    clock: Clock

    def propose(self, caller: Principal, match_id: str, body: MeetingCreate) -> MeetingView:
        self._check_where(body)
        now = self.clock.now()
        starts_at = body.starts_at.astimezone(UTC)
        if starts_at <= now:
            raise ValidationFailed.on(
                "starts_at", "in_the_past", "A meeting must be in the future."
            )
        if starts_at > now + timedelta(days=MEETING_HORIZON_DAYS):
            raise ValidationFailed.on(
                "starts_at",
                "too_far_ahead",
                f"A meeting can be arranged at most {MEETING_HORIZON_DAYS} days ahead.",
            )
        for _ in range(_ATTEMPTS):
            match = self._party_match(caller, match_id)
            if match.status is not MatchStatus.ACTIVE:
                raise MatchNotActive()
            planned = match.sessions_used + match.upcoming_meetings(now)
            if planned >= match.sessions_limit:
                raise SessionLimitReached.of(
                    match.sessions_limit, planned=match.upcoming_meetings(now)
                )
            meeting = MeetingRecord(
                meeting_id=meeting_id_for(starts_at),
                match_id=match.match_id,
                proposed_by=caller.user_id,
                starts_at=starts_at,
                duration_minutes=body.duration_minutes,
                mode=body.mode,
                location=body.location if body.mode is SessionMode.FACE_TO_FACE else None,
                video_link=body.video_link if body.mode is SessionMode.VIRTUAL else None,
                note=body.note or None,
                status=MeetingStatus.PROPOSED,
                created_at=now,
            )
            try:
                self.meetings.propose(match, meeting, meeting_proposed(match, meeting, now))
            except PlanChanged:
                continue  # a session or another meeting came first: count again
            logger.info("Meeting proposed", match_id=match_id, meeting_id=meeting.meeting_id)
            metrics.add_metric(name="MeetingProposed", unit="Count", value=1)
            return MeetingView.of(meeting)
        raise ServiceUnavailable()

    def list(
        self, caller: Principal, match_id: str, page: PageRequest
    ) -> Page[MeetingView] | Page[MeetingMetadata]:
        match = visible_match(self.matches, caller, match_id)
        found = self.meetings.of_match(match.match_id, page)
        if match.is_party(caller.user_id):
            return Page[MeetingView](
                items=[MeetingView.of(m) for m in found.items], next_cursor=found.next_cursor
            )
        return Page[MeetingMetadata](
            items=[MeetingMetadata.of(m) for m in found.items], next_cursor=found.next_cursor
        )

    def confirm(self, caller: Principal, match_id: str, meeting_id: str) -> MeetingView:
        match, meeting = self._answerable(caller, match_id, meeting_id, "confirms")
        return self._change(match, meeting, MeetingStatus.CONFIRMED, caller)

    def decline(self, caller: Principal, match_id: str, meeting_id: str) -> MeetingView:
        match, meeting = self._answerable(caller, match_id, meeting_id, "declines")
        return self._change(match, meeting, MeetingStatus.DECLINED, caller)

    def cancel(self, caller: Principal, match_id: str, meeting_id: str) -> MeetingView:
        match = self._party_match(caller, match_id)
        meeting = self._meeting(match, meeting_id)
        return self._change(match, meeting, MeetingStatus.CANCELLED, caller)

    # ---- the parts -------------------------------------------------------------------------

    def _change(
        self, match: MatchRecord, meeting: MeetingRecord, to: MeetingStatus, caller: Principal
    ) -> MeetingView:
        now = self.clock.now()
        if meeting.starts_at <= now:
            # Nothing to confirm, decline or take out of calendars any more.
            raise MeetingTimePassed()
        if to is MeetingStatus.CANCELLED:
            if meeting.status not in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED):
                raise InvalidTransition.already("meeting", meeting.status.value)
            after = meeting.model_copy(update={"sequence": meeting.sequence + 1})
            told = meeting_cancelled(match, after, meeting.status, caller.user_id, now)
        else:
            if meeting.status is not MeetingStatus.PROPOSED:
                raise InvalidTransition.already("meeting", meeting.status.value)
            told = meeting_answered(match, meeting.model_copy(update={"status": to}), now)
        changed = self.meetings.change(meeting, to, now, told)
        logger.info("Meeting changed", meeting_id=meeting.meeting_id, status=to.value)
        metrics.add_metric(name=f"Meeting{to.value.capitalize()}", unit="Count", value=1)
        return MeetingView.of(changed)

    def _party_match(self, caller: Principal, match_id: str) -> MatchRecord:
        match = visible_match(self.matches, caller, match_id)
        if not match.is_party(caller.user_id):
            raise Forbidden("Only the two parties of a match arrange its meetings.")
        return match

    def _meeting(self, match: MatchRecord, meeting_id: str) -> MeetingRecord:
        meeting = self.meetings.get(match.match_id, meeting_id)
        if meeting is None:
            raise NoSuchMeeting()
        return meeting

    def _answerable(
        self, caller: Principal, match_id: str, meeting_id: str, verb: str
    ) -> tuple[MatchRecord, MeetingRecord]:
        match = self._party_match(caller, match_id)
        meeting = self._meeting(match, meeting_id)
        if meeting.proposed_by == caller.user_id:
            raise Forbidden(f"The other party {verb} a meeting you proposed.")
        return match, meeting

    @staticmethod
    def _check_where(body: MeetingCreate) -> None:
        if body.mode is SessionMode.FACE_TO_FACE and not body.location:
            raise ValidationFailed.on(
                "location", "missing", "Say where you will meet (required face to face)."
            )
        if body.mode is SessionMode.VIRTUAL and not body.video_link:
            raise ValidationFailed.on(
                "video_link", "missing", "Give the meeting's https:// link (required virtually)."
            )
