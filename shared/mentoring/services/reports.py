"""The administrator's scheme report: counts and averages, small numbers suppressed.

Every figure comes from an index query (COUNT where only a number is needed): never a scan.
Any count from 1 to 4 is reported as "<5", and an average or response time drawn from fewer
than five people is withheld (null), so that no participant can be identified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from mentoring.auth import Principal
from mentoring.calendar import working_days_between
from mentoring.clock import LONDON, Clock, to_utc_text
from mentoring.config import SUPPRESS_BELOW
from mentoring.records import (
    MENTOR_FULL,
    EndReason,
    EvaluationRecord,
    MatchStatus,
    MenteeStatus,
    MentorStatus,
    RequestStatus,
    SessionMode,
)
from mentoring.stores import Evaluations, Matches, Profiles, RequestLists, Sessions

Count = int | str


def suppressed(count: int) -> Count:
    return "<5" if 0 < count < SUPPRESS_BELOW else count


def nearest_rank(values: list[int], percentile: float) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percentile / 100 * len(ordered)) - 1)]


class ResponseTimes(BaseModel):
    answered: Count
    median_working_days: int | None
    p90_working_days: int | None


class EvaluationTotals(BaseModel):
    count: Count
    overall_rating_average: float | None
    mentor_support_rating_average: float | None
    would_recommend_percent: float | None


class SchemeReport(BaseModel):
    generated_at: str
    mentees: dict[str, Count]
    mentors: dict[str, Count]
    requests: dict[str, Count]
    response_time: ResponseTimes
    matches: dict[str, Count]
    matches_ended_by_reason: dict[str, Count]
    sessions_by_mode: dict[str, Count]
    evaluations: EvaluationTotals


@dataclass
class ReportService:
    profiles: Profiles
    requests: RequestLists
    matches: Matches
    sessions: Sessions
    evaluations: Evaluations
    clock: Clock

    def summary(self, caller: Principal) -> SchemeReport:
        caller.require_admin()
        now = self.clock.now()
        requests = {status.value: self.requests.count(status) for status in RequestStatus}
        requests["overdue"] = self.requests.count_overdue(now)
        ended = list(self.matches.ended())
        return SchemeReport(
            generated_at=to_utc_text(now),
            mentees={s.value: suppressed(self.profiles.count_mentees(s)) for s in MenteeStatus},
            mentors={s.value: suppressed(self.profiles.count_mentors(s)) for s in MentorStatus},
            requests={name: suppressed(value) for name, value in requests.items()},
            response_time=self._response_times(),
            matches={
                "active": suppressed(self.matches.count(MatchStatus.ACTIVE)),
                "ended": suppressed(len(ended)),
            },
            matches_ended_by_reason={
                reason.value: suppressed(sum(1 for m in ended if m.end_reason is reason))
                for reason in EndReason
            },
            sessions_by_mode={
                mode.value: suppressed(self.sessions.count(mode)) for mode in SessionMode
            },
            evaluations=_evaluation_totals(list(self.evaluations.every())),
        )

    def _response_times(self) -> ResponseTimes:
        """Working days from request to the mentor's own answer (automatic declines excluded)."""
        days = [
            working_days_between(_london_day(r.created_at), _london_day(r.decided_at))
            for status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED)
            for r in self.requests.answered(status)
            if r.decided_at is not None and r.decline_reason != MENTOR_FULL
        ]
        enough = len(days) >= SUPPRESS_BELOW
        return ResponseTimes(
            answered=suppressed(len(days)),
            median_working_days=nearest_rank(days, 50) if enough else None,
            p90_working_days=nearest_rank(days, 90) if enough else None,
        )


def _london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _evaluation_totals(evaluations: list[EvaluationRecord]) -> EvaluationTotals:
    count = len(evaluations)
    if count < SUPPRESS_BELOW:
        return EvaluationTotals(
            count=suppressed(count),
            overall_rating_average=None,
            mentor_support_rating_average=None,
            would_recommend_percent=None,
        )
    return EvaluationTotals(
        count=count,
        overall_rating_average=round(sum(e.overall_rating for e in evaluations) / count, 2),
        mentor_support_rating_average=round(
            sum(e.mentor_support_rating for e in evaluations) / count, 2
        ),
        would_recommend_percent=round(100 * sum(e.would_recommend for e in evaluations) / count, 1),
    )
