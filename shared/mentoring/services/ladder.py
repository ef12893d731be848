"""The reminder ladder for a request still pending after its deadline (end of its fifth
working day), each step taken once:

- after the deadline: a reminder to the mentor, with one-click links;
- `escalate_after_working_days` later: a second reminder, and the administrator is told;
- `expire_after_working_days` later: the request expires; mentee, mentor and administrator
  are told, and the mentee may choose again.

Each step is claimed with a conditional write before its email is sent and released if the
email fails, so running twice for the same time, or twice at once, sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mentoring import emails
from mentoring.calendar import deadline_after
from mentoring.config import SchemeRules
from mentoring.errors import InvalidTransition
from mentoring.observability import logger
from mentoring.records import MatchRequestRecord, Reminder, RequestStatus
from mentoring.services.answers import AnswerService
from mentoring.services.notifier import Notifier
from mentoring.stores import Requests


class Rung(StrEnum):
    REMINDED = "reminded"
    ESCALATED = "escalated"
    EXPIRED = "expired"


@dataclass
class RequestLadder:
    requests: Requests
    notifier: Notifier
    answers: AnswerService
    rules: SchemeRules
    public_api_url: str
    admin_email: str

    def chase(self, request: MatchRequestRecord, now: datetime) -> Rung | None:
        """Take the step this request has reached (a request first seen late gets the step
        it is due, not every earlier one); the rung taken, if any."""
        if self.answers.decline_others_if_full(request.mentor_id):
            return None  # the mentor filled up meanwhile: it was declined as mentor_full
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
        step = Reminder.ESCALATED if second else Reminder.REMINDED
        if not self.requests.claim_reminder(request.request_id, step, now):
            return False
        facts = self.notifier.facts(request, self.notifier.mentee(request))
        accept, decline = self.notifier.links(request, self.public_api_url)
        sent = self.notifier.send(
            emails.reminder(self.notifier.mentor_email(request), facts, accept, decline, second)
        )
        if not sent:
            self.requests.release_reminder(request.request_id, step, now)
            return False
        if second:
            # The administrator's alert follows the mentor's reminder; a lost alert is logged.
            self.notifier.send(emails.overdue_alert(self.admin_email, facts))
        logger.info("Ladder step done", request_id=request.request_id, step=step.value)
        return True

    def _expire(self, request: MatchRequestRecord, now: datetime) -> bool:
        if request.expiry_claimed_at is None:
            if not self.requests.claim_reminder(request.request_id, Reminder.EXPIRY, now):
                return False
            mentee = self.notifier.mentee(request)
            facts = self.notifier.facts(request, mentee)
            if not self.notifier.send(
                emails.request_expired_for_mentee(mentee.email or "" if mentee else "", facts)
            ):
                self.requests.release_reminder(request.request_id, Reminder.EXPIRY, now)
                return False
            self.notifier.send(
                emails.request_expired_for_mentor(self.notifier.mentor_email(request), facts)
            )
            self.notifier.send(emails.request_expired_for_admin(self.admin_email, facts))
        # Told, so now closed. A run that stopped between the two finishes the closing only.
        try:
            self.requests.close(request, RequestStatus.EXPIRED, now)
        except InvalidTransition:
            return False
        logger.info("Match request expired", request_id=request.request_id)
        return True
