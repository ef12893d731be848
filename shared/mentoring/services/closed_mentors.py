"""No mentee waits on a mentor who cannot take them: a change that leaves a mentor without room
(`mentor_full`) or unavailable (`mentor_unavailable`: requests paused, or suspended) declines
the requests waiting on them in the same write, and tells each mentee at once; what its read
had not seen yet is declined just after (`ClosedMentors`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentoring.clock import Clock
from mentoring.domain.records import (
    MENTOR_FULL,
    MENTOR_UNAVAILABLE,
    MentorRecord,
    MentorStatus,
    RequestStatus,
)
from mentoring.errors import DomainError, InvalidTransition
from mentoring.mail.kinds.match_requests import request_auto_declined
from mentoring.observability import logger, metrics
from mentoring.services.ports import (
    Declining,
    PlaceOffers,
    ProfileReader,
    RequestLists,
    Requests,
)


def closing_reason(current: MentorRecord, changes: Mapping[str, Any]) -> str | None:
    """Why an edit of an approved mentor's profile closes their door, if it does: requests
    paused, or capacity lowered to the places already taken."""
    if current.status is not MentorStatus.APPROVED:
        return None
    if changes.get("accepting_requests") is False and current.accepting_requests:
        return MENTOR_UNAVAILABLE
    capacity = changes.get("capacity")
    if capacity is not None and capacity <= current.places_taken < current.capacity:
        return MENTOR_FULL
    return None


def declining(lists: RequestLists, mentor_id: str, reason: str, now: datetime) -> Declining:
    """The requests waiting on a mentor, each with the email that tells its mentee why (a full
    mentor's place held for a request from their waiting list stays that request's)."""
    return Declining(
        reason=reason,
        requests=tuple(
            (request, tuple(request_auto_declined(request, reason, now)))
            for request in lists.waiting_on(mentor_id)
            if not (request.holds_place and reason == MENTOR_FULL)
        ),
    )


@dataclass(frozen=True, kw_only=True)
class ClosedMentors:
    """Declines what still waits on a mentor whose door closed since it was read."""

    requests: Requests
    lists: RequestLists
    profiles: ProfileReader
    offers: PlaceOffers
    clock: Clock

    def decline_others_if_closed(self, mentor_id: str) -> int:
        """When a mentor is full (`mentor_full`), or unavailable (`mentor_unavailable`: not
        approved, or pausing requests), no mentee is left waiting on them: decline the rest.
        The changes that close a mentor's door decline with their own write; this catches
        a request their index read had not seen yet."""
        mentor = self.profiles.mentor(mentor_id)
        if mentor is None:
            return 0
        if mentor.status is not MentorStatus.APPROVED or not mentor.accepting_requests:
            return self.decline_waiting(mentor_id, MENTOR_UNAVAILABLE)
        if mentor.places_taken >= mentor.capacity:
            return self.decline_waiting(mentor_id, MENTOR_FULL)
        return 0

    def decline_waiting(self, mentor_id: str, reason: str) -> int:
        """Decline every request still waiting on a mentor (full, or suspended), telling each
        mentee so they can choose again. A full mentor's place held for a request from their
        waiting list is that request's: it waits on."""
        declined = 0
        for request in self.lists.waiting_on(mentor_id):
            if request.holds_place and reason == MENTOR_FULL:
                continue
            now = self.clock.now()
            try:
                self.requests.close(
                    request,
                    RequestStatus.DECLINED,
                    now,
                    reason,
                    notices=request_auto_declined(request, reason, now),
                )
            except InvalidTransition:
                continue  # answered or withdrawn meanwhile
            except DomainError as error:
                # The change that led here is done; this request stays waiting, and the daily
                # schedule declines it (it declines what waits on a full mentor first).
                logger.warning(
                    "Waiting request not declined",
                    request_id=request.request_id,
                    error_code=error.code,
                )
                continue
            declined += 1
            if request.holds_place:
                self.offers.offer_free_places(mentor_id, now)
        if declined:
            logger.info(
                "Waiting requests declined", mentor_id=mentor_id, reason=reason, count=declined
            )
            metrics.add_metric(name="MatchRequestAutoDeclined", unit="Count", value=declined)
        return declined
