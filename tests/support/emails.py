"""Every email builder, called as the services call it, on the records of tests.support."""

from __future__ import annotations

from datetime import UTC, datetime

from mentoring.domain.records import EndReason, MeetingStatus
from mentoring.mail.kinds.accounts import partner_left
from mentoring.mail.kinds.concerns import concern_answered, concern_raised
from mentoring.mail.kinds.match_requests import (
    request_accepted,
    request_auto_declined,
    request_created,
    request_declined,
    request_expired,
    request_reminder,
    request_withdrawn,
)
from mentoring.mail.kinds.matches import (
    evaluation_reminder,
    match_ended,
    match_nudge,
    session_logged,
)
from mentoring.mail.kinds.meetings import (
    CancelledBecause,
    meeting_answered,
    meeting_cancelled,
    meeting_cancelled_by_the_end,
    meeting_cancelled_for_the_one_left,
    meeting_proposed,
    meeting_reminder,
)
from mentoring.mail.kinds.mentors import (
    application_declined,
    mentor_applied,
    mentor_status_changed,
)
from mentoring.mail.kinds.standing import code_published, standing_due, standing_lapsed
from mentoring.mail.kinds.waiting_lists import offer_lapsed, place_offered
from mentoring.mail.notices import Notice
from tests.support.records import (
    DUE_REASONS,
    NOW,
    code_record,
    concern_record,
    match_record,
    meeting_record,
    mentor_record,
    request_record,
    waiting_entry,
)


def every_builder() -> list[Notice]:
    """Each builder, called as the services call it."""
    request, match, meeting = request_record(), match_record(), meeting_record()
    ended = match.model_copy(update={"end_reason": EndReason.ENDED_BY_MENTEE})
    confirmed = meeting.model_copy(update={"status": MeetingStatus.CONFIRMED})
    declined = meeting.model_copy(update={"status": MeetingStatus.DECLINED})
    return [
        *request_created(request, "CT1, Paediatrics, Leeds", NOW),
        *request_accepted(request, NOW),
        *request_declined(request, "Full until March.", NOW),
        *request_auto_declined(request, "mentor_full", NOW),
        *request_withdrawn(request, NOW),
        *request_reminder(request, "CT1", False, NOW),
        *request_reminder(request, "CT1", True, NOW),
        *request_expired(request, NOW),
        *match_ended(ended, NOW),
        *session_logged(match, 1, NOW),
        *match_nudge(match, 31, NOW),
        *evaluation_reminder(ended, NOW),
        *partner_left(match, True, NOW),
        *mentor_applied(mentor_record(), NOW),
        *mentor_status_changed(mentor_record(), True, NOW),
        *mentor_status_changed(mentor_record(), False, NOW),
        *application_declined(mentor_record(), "We have enough cardiologists this year.", NOW),
        *meeting_proposed(match, meeting, NOW),
        *meeting_answered(match, confirmed, NOW),
        *meeting_answered(match, declined, NOW),
        *meeting_cancelled(match, confirmed, MeetingStatus.CONFIRMED, "", NOW),
        *meeting_cancelled(match, meeting, MeetingStatus.PROPOSED, match.mentee_id, NOW),
        *meeting_reminder(match, confirmed, NOW),
        *meeting_cancelled_by_the_end(match, confirmed, CancelledBecause.MATCH_ENDED, NOW),
        *meeting_cancelled_for_the_one_left(match, confirmed, match.mentee_id, NOW),
        *place_offered(waiting_entry(), datetime(2026, 12, 1, 23, 59, 59, tzinfo=UTC), NOW),
        *offer_lapsed(waiting_entry(), NOW),
        *concern_raised(concern_record(), NOW),
        *standing_due(mentor_record(), DUE_REASONS, NOW),
        *standing_lapsed(mentor_record(), DUE_REASONS, True, NOW),
        *code_published(mentor_record(), code_record(), NOW, "announcement-1"),
        *concern_answered(concern_record(), True, NOW),
    ]
