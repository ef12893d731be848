"""What follows the end of a match, whatever ended it (either party or an administrator, its
last session, an erased account): it is logged and counted, the meetings it still had
coming are cancelled, confirmed ones with a calendar cancellation to both parties, and the
mentor's freed place is offered to their waiting list."""

from __future__ import annotations

from datetime import datetime

from mentoring.domain.records import EndReason, MatchRecord, MeetingStatus
from mentoring.errors import InvalidTransition
from mentoring.mail.kinds.meetings import (
    CancelledBecause,
    meeting_cancelled_by_the_end,
    meeting_cancelled_for_the_one_left,
)
from mentoring.mail.notices import Notice
from mentoring.observability import logger, metrics
from mentoring.services.ports import Meetings, PlaceOffers


def cancel_upcoming(
    meetings: Meetings, match: MatchRecord, reason: EndReason, now: datetime, leaver: str = ""
) -> int:
    """When a match ends: its proposed and confirmed meetings still to come are cancelled
    (confirmed ones with calendar cancellations saying why; when a party erases their account
    (`leaver`), to the other party only). How many were cancelled."""
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
            if leaver:
                told = meeting_cancelled_for_the_one_left(match, after, leaver, now)
            else:
                told = meeting_cancelled_by_the_end(match, after, _because(reason), now)
        try:
            meetings.change(meeting, MeetingStatus.CANCELLED, now, told)
        except InvalidTransition:
            continue  # answered or cancelled meanwhile
        cancelled += 1
    if cancelled:
        logger.info("Upcoming meetings cancelled", match_id=match.match_id, count=cancelled)
    return cancelled


def _because(reason: EndReason) -> CancelledBecause:
    if reason is EndReason.SESSIONS_COMPLETE:
        return CancelledBecause.SESSIONS_COMPLETE
    return CancelledBecause.MATCH_ENDED


def after_match_ended(
    meetings: Meetings,
    offers: PlaceOffers,
    match: MatchRecord,
    reason: EndReason,
    now: datetime,
    leaver: str = "",
) -> None:
    logger.info("Match ended", match_id=match.match_id, end_reason=reason.value)
    metrics.add_metric(name="MatchEnded", unit="Count", value=1)
    cancel_upcoming(meetings, match, reason, now, leaver)
    offers.offer_free_places(match.mentor_id, now)  # the freed place: the waiting list first
