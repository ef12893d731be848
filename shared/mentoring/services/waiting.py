"""No mentee waits on a mentor who cannot take them: a change that leaves a mentor without room
(`mentor_full`) or unavailable (`mentor_unavailable`: requests paused, or suspended) declines
the requests waiting on them in the same write, and tells each mentee at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentoring.domain.records import MENTOR_FULL, MENTOR_UNAVAILABLE, MentorRecord, MentorStatus
from mentoring.mail.kinds.match_requests import request_auto_declined
from mentoring.services.ports import Declining, RequestLists


def closing_reason(current: MentorRecord, changes: Mapping[str, Any]) -> str | None:
    """Why an edit of an approved mentor's profile closes their door, if it does: requests
    paused, or capacity lowered to the places already taken."""
    if current.status is not MentorStatus.APPROVED:
        return None
    if changes.get("accepting_requests") is False and current.accepting_requests:
        return MENTOR_UNAVAILABLE
    capacity = changes.get("capacity")
    if capacity is not None and capacity <= current.active_matches < current.capacity:
        return MENTOR_FULL
    return None


def declining(lists: RequestLists, mentor_id: str, reason: str, now: datetime) -> Declining:
    """The requests waiting on a mentor, each with the email that tells its mentee why."""
    return Declining(
        reason=reason,
        requests=tuple(
            (request, tuple(request_auto_declined(request, reason, now)))
            for request in lists.waiting_on(mentor_id)
        ),
    )
