"""The administrator's scheme report: counts and averages, small numbers suppressed.

Every figure but one comes from the running totals kept with each change (one read); what is
overdue depends on the moment, so it is counted (one COUNT query of overdue requests). Any
count from 1 to 4 is reported as "<5", and an average or response time drawn from fewer than
five people is withheld (null), so that no participant can be identified.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from mentoring.clock import Clock, to_utc_text
from mentoring.config import SUPPRESS_BELOW
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    EndReason,
    MatchStatus,
    MenteeStatus,
    MentorStatus,
    RequestStatus,
    SessionMode,
)
from mentoring.domain.standing import Standing
from mentoring.domain.totals import (
    EVALUATIONS,
    MENTOR_SUPPORT_RATING_SUM,
    OVERALL_RATING_SUM,
    RESPONSE_DAYS,
    WOULD_RECOMMEND_SUM,
    by_status,
    ended_by,
    sessions_in,
)
from mentoring.services.ports import RequestLists, Totals

Count = int | str


def suppressed(count: int) -> Count:
    return f"<{SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else count


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
    mentors_by_standing: dict[str, Count]
    requests: dict[str, Count]
    response_time: ResponseTimes
    matches: dict[str, Count]
    matches_ended_by_reason: dict[str, Count]
    sessions_by_mode: dict[str, Count]
    evaluations: EvaluationTotals


@dataclass(frozen=True, kw_only=True)
class ReportService:
    totals: Totals
    requests: RequestLists
    clock: Clock

    def summary(self, caller: Principal) -> SchemeReport:
        """From the running totals (one read) and the overdue requests (one count): what is
        overdue depends on the moment, so it is counted, not kept."""
        caller.require_admin()
        now = self.clock.now()
        totals = self.totals.read()

        def each(kind: str, statuses: Iterable[str]) -> dict[str, Count]:
            return {s: suppressed(max(0, totals[by_status(kind, s)])) for s in statuses}

        requests = each("requests", (s.value for s in RequestStatus))
        requests["overdue"] = suppressed(self.requests.count_overdue(now))
        return SchemeReport(
            generated_at=to_utc_text(now),
            mentees=each("mentees", (s.value for s in MenteeStatus)),
            mentors=each("mentors", (s.value for s in MentorStatus)),
            mentors_by_standing=each("mentor_standing", (s.value for s in Standing)),
            requests=requests,
            response_time=_response_times(totals),
            matches=each("matches", (s.value for s in MatchStatus)),
            matches_ended_by_reason={
                r.value: suppressed(max(0, totals[ended_by(r)])) for r in EndReason
            },
            sessions_by_mode={
                m.value: suppressed(max(0, totals[sessions_in(m)])) for m in SessionMode
            },
            evaluations=_evaluation_totals(totals),
        )


def _response_times(totals: Mapping[str, int]) -> ResponseTimes:
    """Working days from request to the mentor's own answer (automatic declines excluded),
    from how many answers took each number of days."""
    days = sorted(
        int(name.removeprefix(RESPONSE_DAYS))
        for name, count in totals.items()
        if name.startswith(RESPONSE_DAYS)
        for _ in range(count)  # only ever added to: never below 1
    )
    enough = len(days) >= SUPPRESS_BELOW
    return ResponseTimes(
        answered=suppressed(len(days)),
        median_working_days=nearest_rank(days, 50) if enough else None,
        p90_working_days=nearest_rank(days, 90) if enough else None,
    )


def _evaluation_totals(totals: Mapping[str, int]) -> EvaluationTotals:
    count = totals[EVALUATIONS]
    if count < SUPPRESS_BELOW:
        return EvaluationTotals(
            count=suppressed(count),
            overall_rating_average=None,
            mentor_support_rating_average=None,
            would_recommend_percent=None,
        )
    return EvaluationTotals(
        count=count,
        overall_rating_average=round(totals[OVERALL_RATING_SUM] / count, 2),
        mentor_support_rating_average=round(totals[MENTOR_SUPPORT_RATING_SUM] / count, 2),
        would_recommend_percent=round(100 * totals[WOULD_RECOMMEND_SUM] / count, 1),
    )
