"""The scheme report's figures, at their boundaries: what is shown, withheld, and counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentoring.domain.models import DeclineBody, EvaluationCreate
from mentoring.domain.principal import Principal
from tests.support.scheme import Scheme

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def answered_after(scheme: Scheme, mentor: Principal, working_days: int, accept: bool) -> None:
    """A request answered `working_days` after the day it was made (Mon-Fri, no holidays)."""
    scheme.fixed_clock.current = WEDNESDAY
    request = scheme.request(scheme.mentee(), mentor)
    # From Wednesday: +1 Thu, +2 Fri, +3 Mon, +4 Tue.
    scheme.fixed_clock.current = WEDNESDAY + timedelta(days=[0, 1, 2, 5, 6][working_days])
    if accept:
        scheme.answers.accept(mentor, request.request_id)
    else:
        scheme.answers.decline(mentor, request.request_id, DeclineBody(reason="Full"))


def test_the_median_and_90th_percentile_of_five_answers_are_shown(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=5)
    for days, accept in ((0, True), (1, False), (1, True), (2, False), (4, True)):
        answered_after(scheme, mentor, days, accept)

    times = scheme.reports.summary(scheme.admin).response_time

    assert times.answered == 5
    assert times.median_working_days == 1  # nearest rank: the 3rd of 0, 1, 1, 2, 4
    assert times.p90_working_days == 4  # the 5th


def test_ten_answers_take_the_fifth_for_the_median_and_the_ninth_for_the_90th(
    scheme: Scheme,
) -> None:
    mentor = scheme.mentor(capacity=5)
    for days in (0, 0, 0, 1, 1, 2, 2, 3, 3, 4):
        answered_after(scheme, mentor, days, accept=False)

    times = scheme.reports.summary(scheme.admin).response_time

    assert times.answered == 10
    assert times.median_working_days == 1  # the 5th of ten; the 6th would be 2
    assert times.p90_working_days == 3  # the 9th; the 10th would be 4


def test_four_answers_show_no_response_times(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=5)
    for days in (0, 1, 2, 4):
        answered_after(scheme, mentor, days, accept=False)

    times = scheme.reports.summary(scheme.admin).response_time

    assert times.answered == "<5"
    assert (times.median_working_days, times.p90_working_days) == (None, None)


def test_automatic_declines_are_not_response_times(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=1)
    scheme.fixed_clock.current = WEDNESDAY
    chosen = scheme.request(scheme.mentee(), mentor)
    waiting = [scheme.request(scheme.mentee(), mentor) for _ in range(5)]
    scheme.fixed_clock.current = WEDNESDAY + timedelta(days=6)  # Tuesday: 4 working days on
    scheme.answers.accept(mentor, chosen.request_id)  # the others: declined, mentor_full
    assert all(
        scheme.requests.get(scheme.admin, r.request_id).decline_reason == "mentor_full"
        for r in waiting
    )

    report = scheme.reports.summary(scheme.admin)

    assert report.requests["declined"] == 5
    assert report.response_time.answered == "<5"  # only the mentor's own answer counts


def test_a_request_made_after_midnight_in_summer_counts_from_its_london_day(
    scheme: Scheme,
) -> None:
    mentor = scheme.mentor(capacity=5)
    for _ in range(5):
        # 00:30 BST on Wednesday 23 June 2027 is still Tuesday in UTC.
        scheme.fixed_clock.current = datetime(2027, 6, 22, 23, 30, tzinfo=UTC)
        request = scheme.request(scheme.mentee(), mentor)
        scheme.fixed_clock.current = datetime(2027, 6, 23, 9, 0, tzinfo=UTC)  # the same London day
        scheme.answers.decline(mentor, request.request_id, DeclineBody())

    times = scheme.reports.summary(scheme.admin).response_time

    assert (times.median_working_days, times.p90_working_days) == (0, 0)


def evaluated(scheme: Scheme, support: int, recommend: bool, overall: int = 3) -> None:
    mentee = scheme.mentee()
    match = scheme.match(mentee)
    scheme.matches.end(mentee, match.match_id)
    scheme.evaluations.submit(
        mentee,
        match.match_id,
        EvaluationCreate(
            overall_rating=overall, mentor_support_rating=support, would_recommend=recommend
        ),
    )


def test_five_evaluations_show_every_average(scheme: Scheme) -> None:
    for support, recommend in ((5, True), (4, True), (4, False), (3, True), (2, False)):
        evaluated(scheme, support, recommend)

    totals = scheme.reports.summary(scheme.admin).evaluations

    assert totals.count == 5
    assert totals.overall_rating_average == 3.0
    assert totals.mentor_support_rating_average == 3.6
    assert totals.would_recommend_percent == 60.0


def test_averages_are_rounded_to_two_places_and_the_share_to_one(scheme: Scheme) -> None:
    # Seven evaluations: overall 31/7, support 30/7, 6 of 7 would recommend.
    for overall, support, recommend in (
        (5, 5, True),
        (5, 4, True),
        (5, 5, True),
        (4, 4, True),
        (4, 4, True),
        (4, 4, True),
        (4, 4, False),
    ):
        evaluated(scheme, support, recommend, overall)

    totals = scheme.reports.summary(scheme.admin).evaluations

    assert totals.overall_rating_average == 4.43
    assert totals.mentor_support_rating_average == 4.29
    assert totals.would_recommend_percent == 85.7


def test_four_evaluations_show_no_average(scheme: Scheme) -> None:
    for support in (5, 4, 4, 3):
        evaluated(scheme, support, True)

    totals = scheme.reports.summary(scheme.admin).evaluations

    assert totals.count == "<5"
    assert totals.overall_rating_average is None
    assert totals.mentor_support_rating_average is None
    assert totals.would_recommend_percent is None


def test_active_matches_are_counted_and_small_numbers_suppressed(scheme: Scheme) -> None:
    mentor = scheme.mentor(capacity=5)
    for _ in range(4):
        scheme.match(mentor=mentor)
    assert scheme.reports.summary(scheme.admin).matches["active"] == "<5"

    scheme.match(mentor=mentor)
    assert scheme.reports.summary(scheme.admin).matches["active"] == 5


def test_a_scheme_with_nothing_yet_reports_zeros_not_small_numbers(scheme: Scheme) -> None:
    report = scheme.reports.summary(scheme.admin)

    assert set(report.matches_ended_by_reason.values()) == {0}
    assert set(report.sessions_by_mode.values()) == {0}
    assert set(report.requests.values()) == {0}
    assert report.matches == {"active": 0, "ended": 0}
    assert report.response_time.answered == 0
    assert report.evaluations.count == 0
