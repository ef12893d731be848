"""What follows the end of a match, whatever ended it (either party or an administrator, its
last session, an erased account): it is logged and counted, and the meetings it still had
coming are cancelled, confirmed ones with a calendar cancellation to both parties."""

from __future__ import annotations

from datetime import datetime

from mentoring.domain.records import EndReason, MatchRecord, MeetingStatus
from mentoring.errors import InvalidTransition
from mentoring.mail.kinds.meetings import meeting_cancelled
from mentoring.mail.notices import Notice
from mentoring.observability import logger, metrics
from mentoring.services.ports import Meetings


def cancel_upcoming(meetings: Meetings, match: MatchRecord, now: datetime) -> int:
    """When a match ends: its proposed and confirmed meetings still to come are cancelled
    (confirmed ones with calendar cancellations to both). How many were cancelled."""
    cancelled = 0
    for meeting in meetings.all_of_match(match.match_id):
        if meeting.starts_at <= now or meeting.status not in (
            MeetingStatus.PROPOSED,
            MeetingStatus.CONFIRMED,
        ):
            continue
        told: list[Notice] = []
        if meeting.status is MeetingStatus.CONFIRMED:
            after = meeting.model_copy(update={"sequence": meeting.sequence + 1})
            told = meeting_cancelled(match, after, meeting.status, "", now)
        try:
            meetings.change(meeting, MeetingStatus.CANCELLED, now, told)
        except InvalidTransition:
            continue  # answered or cancelled meanwhile
        cancelled += 1
    if cancelled:
        logger.info("Upcoming meetings cancelled", match_id=match.match_id, count=cancelled)
    return cancelled


def after_match_ended(
    meetings: Meetings, match: MatchRecord, reason: EndReason, now: datetime
) -> None:
    logger.info("Match ended", match_id=match.match_id, end_reason=reason.value)
    metrics.add_metric(name="MatchEnded", unit="Count", value=1)
    cancel_upcoming(meetings, match, now)
