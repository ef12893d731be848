"""The daily schedule: chase overdue match requests up the ladder (mentoring.services.ladder),
nudge quiet matches and remind missing evaluations, each exactly once.

It nudges both parties of an active match with no session for `nudge_after_days`, and
reminds a mentee once whose evaluation is still missing `evaluation_reminder_after_working
_days` after the match ended. The run's "now" is the schedule's time, so a replay is
deterministic; each item is taken on its own, so one that fails never stops the rest. Each
email is written with the claim that takes its step (the outbox), never sent from here.

It reminds both parties of each confirmed meeting once, on the last run before the meeting's
day (London time). It also puts each notification that could not be sent (parked after the
stream's retries) back on the stream, once: a short outage of the email service costs a day,
not an email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from mentoring.clock import LONDON, Clock
from mentoring.config import SchemeRules
from mentoring.domain.records import MatchRecord, MatchStatus, MeetingRecord, RequestStatus
from mentoring.domain.working_days import days_until_next_run, deadline_after, is_working_day
from mentoring.mail.kinds.matches import evaluation_reminder, match_nudge
from mentoring.mail.kinds.meetings import meeting_reminder
from mentoring.observability import logger, metrics
from mentoring.services.ladder import RequestLadder, Rung
from mentoring.services.ports import Matches, Meetings, ParkedNotifications, RequestLists, Requests

# Ended matches older than this are past any reminder; the query reads only newer ones.
EVALUATION_WINDOW_DAYS = 60
# Parked notifications older than this (long past the stream's own retries) are tried again.
REDRIVE_AFTER = timedelta(hours=1)


@dataclass
class RunSummary:
    reminded: int = 0
    escalated: int = 0
    expired: int = 0
    nudged: int = 0
    evaluation_reminders: int = 0
    meeting_reminders: int = 0
    skipped_holiday: bool = field(default=False, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {
            "reminded": self.reminded,
            "escalated": self.escalated,
            "expired": self.expired,
            "nudged": self.nudged,
            "evaluation_reminders": self.evaluation_reminders,
            "meeting_reminders": self.meeting_reminders,
        }


@dataclass
class ReminderJob:
    requests: Requests
    lists: RequestLists
    matches: Matches
    ladder: RequestLadder
    meetings: Meetings
    parked: ParkedNotifications
    rules: SchemeRules
    # The wall clock, for claims' leases only: a run's `now` is the schedule's (replayable)
    # time, and a claim taken a moment ago must not look abandoned to a replayed run.
    clock: Clock

    def run(self, now: datetime) -> RunSummary:
        summary = RunSummary()
        if not is_working_day(now.astimezone(LONDON).date()):
            # The schedule fires Monday to Friday; bank holidays are not working days either.
            logger.info("Not a working day: nothing to do")
            summary.skipped_holiday = True
            return summary
        # Indexes are eventually consistent: each item is re-read before acting on it. Each is
        # done on its own: one that fails is logged by id, counted and left for the next run.
        for request_id in self.lists.overdue_ids(now):
            self._each("request", request_id, partial(self._request, request_id, now, summary))
        # Matches come from the schedule's follow-up index, by the moment each is counted
        # from: only those due (or nearly, for working days) are read.
        quiet_enough = now - timedelta(days=self.rules.nudge_after_days)
        for match_id in self.matches.quiet_since_ids(quiet_enough):
            self._each("match", match_id, partial(self._quiet_match, match_id, now, summary))
        window_start = now - timedelta(days=EVALUATION_WINDOW_DAYS)
        # n working days after the end are at least n calendar days after it.
        ended_long_enough = now - timedelta(days=self.rules.evaluation_reminder_after_working_days)
        for match_id in self.matches.ended_between_ids(window_start, ended_long_enough):
            self._each("match", match_id, partial(self._ended_match, match_id, now, summary))
        # Each confirmed meeting once, on the last run before its day (London time).
        for meeting in self.meetings.confirmed_starting(*days_until_next_run(now)):
            self._each(
                "meeting", meeting.meeting_id, partial(self._remind_meeting, meeting, now, summary)
            )
        self._redrive_parked(now)
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

    def _quiet_match(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(match_id)
        if match is not None and match.status is MatchStatus.ACTIVE and self._nudge(match, now):
            summary.nudged += 1

    def _ended_match(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(match_id)
        if match is not None and self._remind_evaluation(match, now):
            summary.evaluation_reminders += 1

    def _nudge(self, match: MatchRecord, now: datetime) -> bool:
        """Both parties, once per quiet spell of `nudge_after_days` without a session."""
        quiet_since = match.last_session_at or match.started_at
        if now - quiet_since < timedelta(days=self.rules.nudge_after_days):
            return False
        if match.nudged_for == quiet_since:
            return False
        told = match_nudge(match, (now - quiet_since).days, now)
        if not self.matches.claim_nudge(match.match_id, quiet_since, told):
            return False
        logger.info("Match nudged", match_id=match.match_id)
        return True

    def _remind_evaluation(self, match: MatchRecord, now: datetime) -> bool:
        """The mentee, once, if their evaluation is still missing some working days on."""
        if match.evaluated or match.ended_at is None or match.evaluation_reminded_at:
            return False
        due = deadline_after(match.ended_at, self.rules.evaluation_reminder_after_working_days)
        if now <= due:
            return False
        told = evaluation_reminder(match, now)
        if not self.matches.claim_evaluation_reminder(match.match_id, now, told):
            return False
        logger.info("Evaluation reminder written", match_id=match.match_id)
        return True

    def _remind_meeting(self, meeting: MeetingRecord, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(meeting.match_id)
        if match is None or match.status is not MatchStatus.ACTIVE:
            return
        told = meeting_reminder(match, meeting, now)
        if self.meetings.claim_reminder(meeting, now, told):
            logger.info("Meeting reminder written", meeting_id=meeting.meeting_id)
            summary.meeting_reminders += 1

    def _redrive_parked(self, now: datetime) -> None:
        redriven: list[str] = []
        leases_ended_by = self.clock.now()

        def redrive(notice_id: str) -> None:
            if self.parked.redrive(notice_id, now, leases_ended_by):
                redriven.append(notice_id)

        for notice_id in self.parked.unsent_before(now - REDRIVE_AFTER, leases_ended_by):
            self._each("notification", notice_id, partial(redrive, notice_id))
        if redriven:
            logger.warning("Parked notifications put back on the stream", count=len(redriven))
            metrics.add_metric(name="NotificationsRedriven", unit="Count", value=len(redriven))
