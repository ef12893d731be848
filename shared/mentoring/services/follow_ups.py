"""The schedule's follow-ups of matches (mentoring.services.schedule): both parties are
nudged after a quiet spell of `nudge_after_days` without a session (not while they have a
meeting confirmed in the coming week: the nudge waits until it has passed), a mentee whose
evaluation is still missing `evaluation_reminder_after_working_days` after the end is
reminded once, and both parties are reminded of a confirmed meeting on the last run before
its day (London time).

Matches come from the follow-up index by the moment each is counted from (the start of a quiet
spell, the end of the match), meetings by their start: a run reads only what is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from mentoring.config import SchemeRules
from mentoring.domain.records import MatchStatus, MeetingRecord, MeetingStatus
from mentoring.domain.working_days import days_until_next_run, deadline_after
from mentoring.mail.kinds.matches import evaluation_reminder, match_nudge
from mentoring.mail.kinds.meetings import meeting_reminder
from mentoring.observability import logger
from mentoring.services.ports import Matches, Meetings
from mentoring.services.schedule import RunSummary, each

# Ended matches older than this are past any reminder; the query reads only newer ones.
EVALUATION_WINDOW_DAYS = 60
# A pair with a meeting confirmed this soon are not told to arrange one.
NUDGE_WAITS_FOR_A_MEETING_WITHIN = timedelta(days=7)


@dataclass(frozen=True, kw_only=True)
class QuietMatches:
    """Both parties, once per quiet spell of `nudge_after_days` without a session."""

    matches: Matches
    meetings: Meetings
    rules: SchemeRules

    def run(self, now: datetime, summary: RunSummary) -> None:
        quiet_enough = now - timedelta(days=self.rules.nudge_after_days)
        for match_id in self.matches.quiet_since_ids(quiet_enough):
            each("match", match_id, partial(self._nudge, match_id, now, summary))

    def _nudge(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(match_id)
        if match is None or match.status is not MatchStatus.ACTIVE:
            return
        quiet_since = match.last_session_at or match.started_at
        if now - quiet_since < timedelta(days=self.rules.nudge_after_days):
            return
        if match.nudged_for == quiet_since or self._meeting_soon(match_id, now):
            return
        told = match_nudge(match, (now - quiet_since).days, now)
        if self.matches.claim_nudge(match.match_id, quiet_since, told):
            logger.info("Match nudged", match_id=match.match_id)
            summary.nudged += 1

    def _meeting_soon(self, match_id: str, now: datetime) -> bool:
        return any(
            meeting.status is MeetingStatus.CONFIRMED
            and now <= meeting.starts_at <= now + NUDGE_WAITS_FOR_A_MEETING_WITHIN
            for meeting in self.meetings.all_of_match(match_id)
        )


@dataclass(frozen=True, kw_only=True)
class MissingEvaluations:
    """The mentee, once, if their evaluation is still missing some working days on."""

    matches: Matches
    rules: SchemeRules

    def run(self, now: datetime, summary: RunSummary) -> None:
        window_start = now - timedelta(days=EVALUATION_WINDOW_DAYS)
        # n working days after the end are at least n calendar days after it.
        ended_long_enough = now - timedelta(days=self.rules.evaluation_reminder_after_working_days)
        for match_id in self.matches.ended_between_ids(window_start, ended_long_enough):
            each("match", match_id, partial(self._remind, match_id, now, summary))

    def _remind(self, match_id: str, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(match_id)
        if match is None or match.evaluated or match.ended_at is None:
            return
        if match.evaluation_reminded_at:
            return
        due = deadline_after(match.ended_at, self.rules.evaluation_reminder_after_working_days)
        if now <= due:
            return
        told = evaluation_reminder(match, now)
        if self.matches.claim_evaluation_reminder(match.match_id, now, told):
            logger.info("Evaluation reminder written", match_id=match.match_id)
            summary.evaluation_reminders += 1


@dataclass(frozen=True, kw_only=True)
class UpcomingMeetings:
    """Both parties of each confirmed meeting, once, on the last run before its day."""

    matches: Matches
    meetings: Meetings

    def run(self, now: datetime, summary: RunSummary) -> None:
        for meeting in self.meetings.confirmed_starting(*days_until_next_run(now)):
            each("meeting", meeting.meeting_id, partial(self._remind, meeting, now, summary))

    def _remind(self, meeting: MeetingRecord, now: datetime, summary: RunSummary) -> None:
        match = self.matches.get(meeting.match_id)
        if match is None or match.status is not MatchStatus.ACTIVE:
            return
        told = meeting_reminder(match, meeting, now)
        if self.meetings.claim_reminder(meeting, now, told):
            logger.info("Meeting reminder written", meeting_id=meeting.meeting_id)
            summary.meeting_reminders += 1
