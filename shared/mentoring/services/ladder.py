"""The reminder ladder for a request still pending after its deadline (end of its fifth
working day), each step taken once:

- after the deadline: a reminder to the mentor, with one-click links;
- `escalate_after_working_days` later: a second reminder, and the administrator is told;
- `expire_after_working_days` later: the request expires; mentee, mentor and administrator
  are told, and the mentee may choose again.

Each step is claimed with a conditional write that carries its emails (the outbox), so
running twice for the same time, or twice at once, sends nothing twice, and a step is never
taken without its emails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial

from mentoring.config import SchemeRules
from mentoring.domain.records import MatchRequestRecord, Reminder, RequestStatus
from mentoring.domain.working_days import deadline_after
from mentoring.errors import InvalidTransition
from mentoring.mail.kinds.match_requests import mentee_summary, request_expired, request_reminder
from mentoring.observability import logger
from mentoring.services.closed_mentors import ClosedMentors
from mentoring.services.ports import PlaceOffers, ProfileReader, RequestLists, Requests
from mentoring.services.schedule import RunSummary, each


class Rung(StrEnum):
    REMINDED = "reminded"
    ESCALATED = "escalated"
    EXPIRED = "expired"


@dataclass(frozen=True, kw_only=True)
class RequestLadder:
    requests: Requests
    profiles: ProfileReader
    closed_mentors: ClosedMentors
    offers: PlaceOffers
    rules: SchemeRules

    def chase(self, request: MatchRequestRecord, now: datetime) -> Rung | None:
        """Take the step this request has reached (a request first seen late gets the step
        it is due, not every earlier one); the rung taken, if any."""
        if self.closed_mentors.decline_others_if_closed(request.mentor_id):
            return None  # the mentor filled up or closed meanwhile: it was declined
        if now > deadline_after(request.respond_by, self.rules.expire_after_working_days):
            return Rung.EXPIRED if self._expire(request, now) else None
        if now > deadline_after(request.respond_by, self.rules.escalate_after_working_days):
            if request.escalated_at is None and self._remind(request, now, second=True):
                return Rung.ESCALATED
            return None
        if request.reminded_at is None and self._remind(request, now, second=False):
            return Rung.REMINDED
        return None

    def _remind(self, request: MatchRequestRecord, now: datetime, second: bool) -> bool:
        """The mentor is reminded (with links); with the second, the administrator is told."""
        step = Reminder.ESCALATED if second else Reminder.REMINDED
        summary = mentee_summary(self.profiles.mentee(request.mentee_id))
        told = request_reminder(request, summary, second, now)
        if not self.requests.claim_reminder(request.request_id, step, now, told):
            return False
        logger.info("Ladder step done", request_id=request.request_id, step=step.value)
        return True

    def _expire(self, request: MatchRequestRecord, now: datetime) -> bool:
        """Closed, and mentee, mentor and administrator told, in one write."""
        try:
            self.requests.close(
                request, RequestStatus.EXPIRED, now, notices=request_expired(request, now)
            )
        except InvalidTransition:
            return False
        logger.info("Match request expired", request_id=request.request_id)
        if request.holds_place:  # the place it held goes to the next in line
            self.offers.offer_free_places(request.mentor_id, now)
        return True


@dataclass(frozen=True, kw_only=True)
class OverdueRequests:
    """The schedule's step: every pending request past its deadline, up its ladder (pending
    requests sort by deadline on their index, so only the overdue ones are read)."""

    requests: Requests
    lists: RequestLists
    ladder: RequestLadder

    def run(self, now: datetime, summary: RunSummary) -> None:
        for request_id in self.lists.overdue_ids(now):
            each("request", request_id, partial(self._chase, request_id, now, summary))

    def _chase(self, request_id: str, now: datetime, summary: RunSummary) -> None:
        # Indexes are eventually consistent: the request is read again before acting on it.
        request = self.requests.get(request_id)
        if request is None or request.status is not RequestStatus.PENDING:
            return
        rung = self.ladder.chase(request, now)
        if rung is Rung.REMINDED:
            summary.reminded += 1
        elif rung is Rung.ESCALATED:
            summary.escalated += 1
        elif rung is Rung.EXPIRED:
            summary.expired += 1
