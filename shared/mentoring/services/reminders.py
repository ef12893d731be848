"""The daily schedule: chase overdue match requests up the ladder, each step exactly once.

For a request still pending after its deadline (end of its fifth working day):
- after the deadline: a reminder to the mentor, with one-click links;
- `escalate_after` working days later: a second reminder, and the administrator is told;
- `expire_after` working days later: the request expires; mentee, mentor and administrator
  are told, and the mentee may choose again.

It also nudges both parties of an active match with no session for `nudge_after_days`, and
reminds a mentee once whose evaluation is still missing 5 working days after the match ended.

Each step is claimed with a conditional write before its email is sent and released if the
email fails, so running twice for the same time, or twice at once, sends nothing twice. The
run's "now" is the schedule's time, so a replay is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from mentoring import emails
from mentoring.calendar import is_working_day
from mentoring.clock import LONDON
from mentoring.errors import InvalidTransition
from mentoring.matching_repository import MatchingRepository
from mentoring.observability import logger, metrics
from mentoring.records import MatchRecord, MatchRequestRecord, MatchStatus, RequestStatus
from mentoring.services.matching import MatchingService, Notifier, ladder_deadline

# Ended matches older than this are past any reminder; the query reads only newer ones.
EVALUATION_WINDOW_DAYS = 60


@dataclass
class RunSummary:
    reminded: int = 0
    escalated: int = 0
    expired: int = 0
    nudged: int = 0
    evaluation_reminders: int = 0
    skipped_holiday: bool = field(default=False, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {
            "reminded": self.reminded,
            "escalated": self.escalated,
            "expired": self.expired,
            "nudged": self.nudged,
            "evaluation_reminders": self.evaluation_reminders,
        }


@dataclass
class ReminderJob:
    repository: MatchingRepository
    notifier: Notifier
    matching: MatchingService
    public_api_url: str
    admin_email: str
    escalate_after: int
    expire_after: int
    nudge_after_days: int = 30
    evaluation_reminder_after: int = 5

    def run(self, now: datetime) -> RunSummary:
        summary = RunSummary()
        if not is_working_day(now.astimezone(LONDON).date()):
            # The schedule fires Monday to Friday; bank holidays are not working days either.
            logger.info("Not a working day: nothing to do")
            summary.skipped_holiday = True
            return summary
        # Indexes are eventually consistent: each item is re-read before acting on it. Each is
        # done on its own: one that fails is logged by id, counted and left for the next run.
        for request_id in self.repository.overdue_pending_ids(now):
            self._each("request", request_id, partial(self._request, request_id, now, summary))
        for match_id in self.repository.active_match_ids():
            self._each("match", match_id, partial(self._quiet_match, match_id, now, summary))
        window_start = now - timedelta(days=EVALUATION_WINDOW_DAYS)
        for match_id in self.repository.match_ids_ended_since(window_start):
            self._each("match", match_id, partial(self._ended_match, match_id, now, summary))
        logger.info("Reminder run finished", extra={"summary": summary.as_dict()})
        for name, value in summary.as_dict().items():
            metrics.add_metric(name=f"Reminders_{name}", unit="Count", value=value)
        return summary

    @staticmethod
    def _each(kind: str, item_id: str, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as error:
            # Its type only: an exception's text may quote stored data.
            logger.error(
                "Scheduled step failed",
                item_kind=kind,
                item_id=item_id,
                error_type=type(error).__name__,
            )
            metrics.add_metric(name="ScheduledStepFailed", unit="Count", value=1)

    def _request(self, request_id: str, now: datetime, summary: RunSummary) -> None:
        request = self.repository.get_request(request_id)
        if request is not None and request.status is RequestStatus.PENDING:
            self._chase(request, now, summary)

    def _quiet_match(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.repository.get_match(match_id)
        if match is not None and match.status is MatchStatus.ACTIVE and self._nudge(match, now):
            summary.nudged += 1

    def _ended_match(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.repository.get_match(match_id)
        if match is not None and self._remind_evaluation(match, now):
            summary.evaluation_reminders += 1

    def _nudge(self, match: MatchRecord, now: datetime) -> bool:
        """Both parties, once per quiet spell of `nudge_after_days` without a session."""
        quiet_since = match.last_session_at or match.started_at
        if now - quiet_since < timedelta(days=self.nudge_after_days):
            return False
        if match.nudged_for == quiet_since:
            return False
        if not self.repository.claim_match_step(
            match.match_id,
            "nudged_for",
            quiet_since,
            "#status = :active AND (attribute_not_exists(nudged_for) OR nudged_for <> :value)",
            {":active": MatchStatus.ACTIVE.value},
        ):
            return False
        days = (now - quiet_since).days
        mentee = self.repository.get_mentee(match.mentee_id)
        mentor = self.repository.get_mentor(match.mentor_id)
        sent = self.notifier.send(
            emails.nudge(
                mentee.email or "" if mentee else "", match.mentee_name, match.mentor_name, days
            )
        )
        sent = (
            self.notifier.send(
                emails.nudge(
                    mentor.email or "" if mentor else "", match.mentor_name, match.mentee_name, days
                )
            )
            or sent
        )
        if not sent:
            self.repository.release_match_step(match.match_id, "nudged_for", quiet_since)
            return False
        logger.info("Match nudged", match_id=match.match_id)
        return True

    def _remind_evaluation(self, match: MatchRecord, now: datetime) -> bool:
        """The mentee, once, if their evaluation is missing 5 working days after the end."""
        if match.evaluated or match.ended_at is None or match.evaluation_reminded_at:
            return False
        if now <= ladder_deadline(match.ended_at, self.evaluation_reminder_after):
            return False
        if not self.repository.claim_match_step(
            match.match_id,
            "evaluation_reminded_at",
            now,
            "attribute_not_exists(evaluation_reminded_at) "
            "AND (attribute_not_exists(evaluated) OR evaluated = :no)",
            {":no": False},
        ):
            return False
        mentee = self.repository.get_mentee(match.mentee_id)
        if not self.notifier.send(
            emails.evaluation_reminder(
                mentee.email or "" if mentee else "", match.mentee_name, match.mentor_name
            )
        ):
            self.repository.release_match_step(match.match_id, "evaluation_reminded_at", now)
            return False
        logger.info("Evaluation reminder sent", match_id=match.match_id)
        return True

    def _chase(self, request: MatchRequestRecord, now: datetime, summary: RunSummary) -> None:
        if self.matching.decline_others_if_full(request.mentor_id):
            return  # the mentor filled up meanwhile: this request was declined as mentor_full
        if now > ladder_deadline(request.respond_by, self.expire_after):
            if self._expire(request, now):
                summary.expired += 1
        elif now > ladder_deadline(request.respond_by, self.escalate_after):
            if request.escalated_at is None and self._escalate(request, now):
                summary.escalated += 1
        elif request.reminded_at is None and self._remind(request, now):
            summary.reminded += 1

    def _remind(self, request: MatchRequestRecord, now: datetime) -> bool:
        return self._step(request, now, "reminded_at", second=False)

    def _escalate(self, request: MatchRequestRecord, now: datetime) -> bool:
        return self._step(request, now, "escalated_at", second=True)

    def _step(self, request: MatchRequestRecord, now: datetime, step: str, second: bool) -> bool:
        if not self.repository.claim_step(request.request_id, step, now):
            return False
        facts = self.notifier.facts(request, self.notifier.mentee(request))
        accept, decline = self.notifier.links(request, self.public_api_url)
        sent = self.notifier.send(
            emails.reminder(self.notifier.mentor_email(request), facts, accept, decline, second)
        )
        if not sent:
            self.repository.release_step(request.request_id, step, now)
            return False
        if second:
            # The administrator's alert follows the mentor's reminder; a lost alert is logged.
            self.notifier.send(emails.overdue_alert(self.admin_email, facts))
        logger.info("Ladder step done", request_id=request.request_id, step=step)
        return True

    def _expire(self, request: MatchRequestRecord, now: datetime) -> bool:
        claimed = request.expiry_claimed_at is not None
        if not claimed:
            if not self.repository.claim_step(request.request_id, "expiry_claimed_at", now):
                return False
            mentee = self.notifier.mentee(request)
            facts = self.notifier.facts(request, mentee)
            if not self.notifier.send(
                emails.request_expired_for_mentee(mentee.email or "" if mentee else "", facts)
            ):
                self.repository.release_step(request.request_id, "expiry_claimed_at", now)
                return False
            self.notifier.send(
                emails.request_expired_for_mentor(self.notifier.mentor_email(request), facts)
            )
            self.notifier.send(emails.request_expired_for_admin(self.admin_email, facts))
        # Told, so now closed. A run that stopped between the two finishes the closing only.
        try:
            self.repository.close_request(request, RequestStatus.EXPIRED, now)
        except InvalidTransition:
            return False
        logger.info("Match request expired", request_id=request.request_id)
        return True
