"""The scheme's running totals: what each change adds to them, by name.

The stores add these deltas in the same transaction as the change (mentoring.data.totals);
the report (services.reports) reads them back by the same names.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from mentoring.clock import LONDON
from mentoring.domain.records import (
    MENTOR_FULL,
    EndReason,
    EvaluationRecord,
    MatchRequestRecord,
    RequestStatus,
    SessionMode,
)
from mentoring.domain.working_days import working_days_between

RESPONSE_DAYS = "response_days_"  # + the working days a mentor took to answer
EVALUATIONS = "evaluations"
OVERALL_RATING_SUM = "overall_rating_sum"
MENTOR_SUPPORT_RATING_SUM = "mentor_support_rating_sum"
WOULD_RECOMMEND_SUM = "would_recommend_sum"


def by_status(kind: str, status: str) -> str:
    """mentees_active, mentors_approved, requests_pending, matches_ended, ..."""
    return f"{kind}_{status}"


def ended_by(reason: EndReason) -> str:
    return f"ended_by_{reason.value}"


def sessions_in(mode: SessionMode) -> str:
    return f"sessions_{mode.value}"


def status_moved(kind: str, before: str | None, after: str | None) -> dict[str, int]:
    """One profile, request or match from one status to another (None: none)."""
    moved: Counter[str] = Counter()
    if before is not None:
        moved[by_status(kind, before)] -= 1
    if after is not None:
        moved[by_status(kind, after)] += 1
    return dict(moved)


def request_answered(
    request: MatchRequestRecord, to: RequestStatus, now: datetime, reason: str | None
) -> dict[str, int]:
    """A pending request closed; the mentor's own answers also count their response time."""
    counted = status_moved("requests", RequestStatus.PENDING.value, to.value)
    by_the_mentor = to is RequestStatus.ACCEPTED or (
        to is RequestStatus.DECLINED and reason != MENTOR_FULL
    )
    if by_the_mentor:
        days = working_days_between(_london_day(request.created_at), _london_day(now))
        counted[f"{RESPONSE_DAYS}{days}"] = 1
    return counted


def match_ended(reason: EndReason) -> dict[str, int]:
    return status_moved("matches", "active", "ended") | {ended_by(reason): 1}


def session_logged(mode: SessionMode) -> dict[str, int]:
    return {sessions_in(mode): 1}


def evaluation_submitted(evaluation: EvaluationRecord) -> dict[str, int]:
    return {
        EVALUATIONS: 1,
        OVERALL_RATING_SUM: evaluation.overall_rating,
        MENTOR_SUPPORT_RATING_SUM: evaluation.mentor_support_rating,
        WOULD_RECOMMEND_SUM: int(evaluation.would_recommend),
    }


def _london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()
