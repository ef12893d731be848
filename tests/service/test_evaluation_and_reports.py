"""Evaluations, mentors' anonymous feedback, and the scheme report's small-number suppression."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from mentoring.domain.models import EvaluationCreate, SessionCreate
from mentoring.domain.principal import Principal
from mentoring.errors import EvaluationExists, Forbidden, MatchNotEnded, NotFound
from mentoring.services.reports import nearest_rank, suppressed
from tests.support.scheme import Scheme


def evaluation(**fields: Any) -> EvaluationCreate:
    body: dict[str, Any] = {
        "overall_rating": 5,
        "mentor_support_rating": 4,
        "would_recommend": True,
        "helped_with": ["exams", "settling_in"],
        "comments": "Really helped me settle in.",
    }
    body.update(fields)
    return EvaluationCreate.model_validate(body)


def ended_match(scheme: Scheme, mentor: Principal | None = None) -> tuple[Principal, str]:
    mentee = scheme.mentee()
    match = scheme.match(mentee, mentor)
    scheme.matches.end(mentee, match.match_id)
    return mentee, match.match_id


def test_the_mentee_evaluates_an_ended_match_once(scheme: Scheme) -> None:
    mentee, match_id = ended_match(scheme)
    submitted = scheme.evaluations.submit(mentee, match_id, evaluation())
    assert (submitted.overall_rating, submitted.helped_with) == (5, ["exams", "settling_in"])
    assert scheme.evaluations.get(mentee, match_id) == submitted
    assert scheme.evaluations.get(scheme.admin, match_id) == submitted
    with pytest.raises(EvaluationExists):
        scheme.evaluations.submit(mentee, match_id, evaluation())


def test_an_active_match_cannot_be_evaluated(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    match = scheme.match(mentee)
    with pytest.raises(MatchNotEnded):
        scheme.evaluations.submit(mentee, match.match_id, evaluation())


def test_only_the_mentee_evaluates_and_the_mentor_never_reads_it(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    mentee, match_id = ended_match(scheme, mentor)
    with pytest.raises(Forbidden):
        scheme.evaluations.submit(mentor, match_id, evaluation())
    scheme.evaluations.submit(mentee, match_id, evaluation())
    with pytest.raises(Forbidden):
        scheme.evaluations.get(mentor, match_id)
    with pytest.raises(NotFound):
        scheme.evaluations.get(scheme.mentee(), match_id)


@pytest.mark.parametrize(
    "fields",
    [
        {"overall_rating": 0},
        {"overall_rating": 6},
        {"would_recommend": "yes"},
        {"helped_with": ["astrology"]},
        {"comments": "x" * 2001},
        {"secret": 1},
    ],
)
def test_evaluation_fields_are_validated(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        evaluation(**fields)


def test_mentor_feedback_stays_hidden_until_three_evaluations(scheme: Scheme) -> None:
    mentor = scheme.mentor()
    for rating in (5, 3):
        mentee, match_id = ended_match(scheme, mentor)
        scheme.evaluations.submit(mentee, match_id, evaluation(overall_rating=rating))
    early = scheme.evaluations.feedback(mentor)
    assert early.evaluations == 2
    assert early.overall_rating_average is None
    assert early.helped_with is None

    mentee, match_id = ended_match(scheme, mentor)
    scheme.evaluations.submit(
        mentee, match_id, evaluation(overall_rating=4, would_recommend=False, helped_with=["exams"])
    )
    feedback = scheme.evaluations.feedback(mentor)
    assert feedback.evaluations == 3
    assert feedback.overall_rating_average == 4.0
    assert feedback.would_recommend_percent == 66.7
    assert feedback.helped_with == {"exams": 3, "settling_in": 2}


def test_feedback_is_for_mentors(scheme: Scheme) -> None:
    with pytest.raises(Forbidden):
        scheme.evaluations.feedback(scheme.mentee())


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_counts_from_one_to_four_are_suppressed(count: int, shown: int | str) -> None:
    assert suppressed(count) == shown


def test_percentiles_use_the_nearest_rank() -> None:
    days = [1, 2, 2, 3, 5, 8, 9, 10, 10, 12]
    assert (nearest_rank(days, 50), nearest_rank(days, 90)) == (5, 10)


def test_the_report_is_for_administrators(scheme: Scheme) -> None:
    with pytest.raises(Forbidden):
        scheme.reports.summary(scheme.mentee())


def test_the_report_counts_and_suppresses(scheme: Scheme) -> None:
    mentors = [scheme.mentor(capacity=5) for _ in range(2)]
    scheme.mentor(approve=False)
    for number in range(6):
        mentee = scheme.mentee()
        request = scheme.request(mentee, mentors[number % 2])
        scheme.fixed_clock.advance(days=1)
        match = scheme.answers.accept(mentors[number % 2], request.request_id)
        scheme.sessions.log(
            mentors[number % 2],
            match.match_id,
            SessionCreate.model_validate(
                {
                    "held_on": scheme.fixed_clock.now().date().isoformat(),
                    "mode": "virtual",
                    "duration_minutes": 30,
                    "summary": "s",
                }
            ),
        )
        scheme.matches.end(mentee, match.match_id)
        scheme.evaluations.submit(mentee, match.match_id, evaluation(overall_rating=4))
    scheme.request(scheme.mentee(), mentors[0])  # one still pending

    report = scheme.reports.summary(scheme.admin)

    assert report.mentees == {"active": 7}
    assert report.mentors == {
        "pending_approval": "<5",
        "approved": "<5",
        "suspended": 0,
        "declined": 0,
    }
    assert report.requests["accepted"] == 6
    assert report.requests["pending"] == "<5"
    assert report.requests["overdue"] == 0
    assert report.response_time.answered == 6
    assert report.response_time.median_working_days == 1
    assert report.matches == {"active": 0, "ended": 6}
    assert report.matches_ended_by_reason["ended_by_mentee"] == 6
    assert report.sessions_by_mode == {"face_to_face": 0, "virtual": 6}
    assert report.evaluations.count == 6
    assert report.evaluations.overall_rating_average == 4.0


def test_a_small_scheme_reveals_no_averages(scheme: Scheme) -> None:
    mentee, match_id = ended_match(scheme)
    scheme.evaluations.submit(mentee, match_id, evaluation())
    report = scheme.reports.summary(scheme.admin)
    assert report.evaluations.count == "<5"
    assert report.evaluations.overall_rating_average is None
    assert report.response_time.median_working_days is None
