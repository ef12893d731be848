"""One-click links and the daily reminder ladder, driven by the clock and scheduled times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentoring.data.keys import mentor_key
from mentoring.data.table import Update
from mentoring.domain.models import EvaluationCreate, MeetingCreate, SessionCreate
from mentoring.errors import BadRequest, Gone, InvalidTransition
from tests.support.mail import links_in, token_of
from tests.support.scheme import Scheme

# A request made on Wed 25 Nov 2026 is due by the end of Wed 2 Dec 2026.
REMINDER_RUN = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # Thu: overdue
QUIET_RUN = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)  # Fri: nothing new
ESCALATION_RUN = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Mon: 2 working days after
EXPIRY_RUN = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # Thu: 5 working days after


def pending_request(scheme: Scheme) -> tuple[str, str, str]:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request = scheme.request(mentee, mentor, "Hello")
    return request.request_id, mentee.email or "", mentor.email or ""


# ---- one-click links ------------------------------------------------------------------


def test_opening_a_link_changes_nothing_and_confirming_it_accepts(scheme: Scheme) -> None:
    pending_request(scheme)
    accept = token_of(links_in(scheme.mailer.last("new_request"))["Accept this request"])

    for _ in range(3):  # mail scanners may open it any number of times
        _, shown = scheme.answers.read_action(accept)
        assert shown.status == "pending"
    _, answered = scheme.answers.perform_action(accept)

    assert answered.status == "accepted"
    assert answered.match_id is not None


def test_a_used_link_is_a_conflict(scheme: Scheme) -> None:
    pending_request(scheme)
    links = links_in(scheme.mailer.last("new_request"))
    scheme.answers.perform_action(token_of(links["Decline this request"]))
    with pytest.raises(InvalidTransition):
        scheme.answers.perform_action(token_of(links["Decline this request"]))
    with pytest.raises(InvalidTransition):
        scheme.answers.read_action(token_of(links["Accept this request"]))


def test_a_link_expires_when_the_request_would(scheme: Scheme) -> None:
    pending_request(scheme)
    accept = token_of(links_in(scheme.mailer.last("new_request"))["Accept this request"])
    scheme.fixed_clock.current = datetime(2026, 12, 10, 0, 0, tzinfo=UTC)
    with pytest.raises(Gone):
        scheme.answers.read_action(accept)


def test_a_tampered_link_is_a_bad_request(scheme: Scheme) -> None:
    pending_request(scheme)
    accept = token_of(links_in(scheme.mailer.last("new_request"))["Accept this request"])
    with pytest.raises(BadRequest):
        scheme.answers.read_action(accept[:-2] + "xx")


# ---- the ladder -----------------------------------------------------------------------


def test_nothing_happens_before_the_deadline(scheme: Scheme) -> None:
    pending_request(scheme)
    summary = scheme.reminders.run(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))
    assert summary.as_dict() == {
        "reminded": 0,
        "escalated": 0,
        "expired": 0,
        "nudged": 0,
        "evaluation_reminders": 0,
        "meeting_reminders": 0,
        "offers_lapsed": 0,
        "standing_notices": 0,
        "standing_lapsed": 0,
    }


def test_the_ladder_runs_each_step_once_in_order(scheme: Scheme) -> None:
    request_id, mentee_email, mentor_email = pending_request(scheme)
    scheme.mailer.sent.clear()

    assert scheme.reminders.run(REMINDER_RUN).reminded == 1
    reminder = scheme.mailer.last("reminder")
    assert reminder.to == (mentor_email,)
    assert set(links_in(reminder)) == {"Accept this request", "Decline this request"}
    assert scheme.reminders.run(REMINDER_RUN).reminded == 0  # the same time again
    assert scheme.reminders.run(QUIET_RUN).as_dict()["reminded"] == 0

    escalation = scheme.reminders.run(ESCALATION_RUN)
    assert (escalation.reminded, escalation.escalated) == (0, 1)
    assert scheme.mailer.last("second_reminder").to == (mentor_email,)
    alert = scheme.mailer.last("overdue_alert")
    assert alert.to == ("admin@example.org",)
    assert "Hello" not in alert.text  # the mentee's message is not the administrator's

    assert scheme.reminders.run(EXPIRY_RUN).expired == 1
    assert scheme.requests.get(scheme.admin, request_id).status == "expired"
    assert scheme.mailer.last("request_expired_mentee").to == (mentee_email,)
    assert scheme.mailer.last("request_expired_mentor").to == (mentor_email,)
    assert scheme.mailer.last("request_expired_admin").to == ("admin@example.org",)
    assert scheme.reminders.run(EXPIRY_RUN).expired == 0

    assert scheme.mailer.kinds() == [
        "reminder",
        "second_reminder",
        "overdue_alert",
        "request_expired_mentee",
        "request_expired_mentor",
        "request_expired_admin",
    ]


def test_an_expired_request_frees_the_mentee(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    scheme.request(mentee, mentor)
    scheme.reminders.run(EXPIRY_RUN)
    scheme.fixed_clock.current = EXPIRY_RUN
    assert scheme.request(mentee, scheme.mentor()).status == "pending"


def test_after_an_outage_the_request_expires_without_late_reminders(scheme: Scheme) -> None:
    pending_request(scheme)
    scheme.mailer.sent.clear()
    summary = scheme.reminders.run(EXPIRY_RUN)
    assert (summary.reminded, summary.escalated, summary.expired) == (0, 0, 1)


def test_a_reminder_parked_while_email_failed_is_sent_once_by_the_next_run(
    scheme: Scheme,
) -> None:
    pending_request(scheme)
    scheme.mailer.failing_kinds.add("reminder")
    assert scheme.reminders.run(REMINDER_RUN).reminded == 1  # the step is taken, email written
    assert "reminder" not in scheme.mailer.kinds()  # retried, then parked
    assert len(scheme.stream.parked) == 1

    scheme.mailer.failing_kinds.clear()
    assert scheme.reminders.run(QUIET_RUN).reminded == 0  # no second step...
    assert scheme.mailer.kinds().count("reminder") == 1  # ...but the parked email goes
    scheme.reminders.run(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    assert scheme.mailer.kinds().count("reminder") == 1  # and only once


def test_answered_requests_are_left_alone(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    request = scheme.request(mentee, mentor)
    scheme.answers.accept(mentor, request.request_id)
    scheme.mailer.sent.clear()
    assert scheme.reminders.run(EXPIRY_RUN).as_dict() == {
        "reminded": 0,
        "escalated": 0,
        "expired": 0,
        "nudged": 0,
        "evaluation_reminders": 0,
        "meeting_reminders": 0,
        "offers_lapsed": 0,
        "standing_notices": 0,
        "standing_lapsed": 0,
    }
    assert scheme.mailer.sent == []


def test_bank_holidays_are_not_working_days_for_the_schedule(scheme: Scheme) -> None:
    pending_request(scheme)
    christmas = datetime(2026, 12, 25, 8, 0, tzinfo=UTC)
    summary = scheme.reminders.run(christmas)
    assert summary.skipped_holiday
    assert summary.reminded == 0


def test_a_request_left_waiting_on_a_full_mentor_is_declined_by_the_schedule(
    scheme: Scheme,
) -> None:
    mentor = scheme.mentor(capacity=1)
    waiting_mentee = scheme.mentee()
    waiting = scheme.request(waiting_mentee, mentor)
    # The mentor's last place was taken by an accept whose follow-up declines were lost.
    scheme.stores.table.client.update_item(
        TableName=scheme.stores.table.name,
        Key={"PK": {"S": f"USER#{mentor.user_id}"}, "SK": {"S": "MENTOR"}},
        UpdateExpression="SET active_matches = :one, places_taken = :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
    )
    scheme.reminders.run(REMINDER_RUN)
    view = scheme.requests.get(mentor, waiting.request_id)
    assert (view.status, view.decline_reason) == ("declined", "mentor_full")
    assert scheme.mailer.last("request_auto_declined").to == (waiting_mentee.email,)


# ---- quiet matches and missing evaluations --------------------------------------------

THIRTY_DAYS_ON = datetime(2026, 12, 29, 8, 0, tzinfo=UTC)  # first working day 30 days after 25 Nov


def test_a_quiet_match_is_nudged_once_per_quiet_spell(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    scheme.mailer.sent.clear()

    assert scheme.reminders.run(datetime(2026, 12, 23, 8, 0, tzinfo=UTC)).nudged == 0  # 28 days
    assert scheme.reminders.run(THIRTY_DAYS_ON).nudged == 1
    assert sorted(e.to[0] for e in scheme.mailer.sent if e.kind == "match_nudge") == sorted(
        [str(mentee.email), str(mentor.email)]
    )
    assert scheme.reminders.run(THIRTY_DAYS_ON).nudged == 0
    assert scheme.reminders.run(datetime(2026, 12, 30, 8, 0, tzinfo=UTC)).nudged == 0

    scheme.fixed_clock.current = THIRTY_DAYS_ON
    scheme.sessions.log(
        mentor,
        match.match_id,
        SessionCreate.model_validate(
            {
                "held_on": "2026-12-29",
                "mode": "face_to_face",
                "duration_minutes": 60,
                "summary": "s",
            }
        ),
    )
    assert scheme.reminders.run(datetime(2027, 1, 27, 8, 0, tzinfo=UTC)).nudged == 0
    assert scheme.reminders.run(datetime(2027, 1, 29, 8, 0, tzinfo=UTC)).nudged == 1


def test_a_quiet_match_is_not_nudged_while_a_meeting_is_confirmed_in_the_coming_week(
    scheme: Scheme,
) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match = scheme.match(mentee, mentor)
    meeting_at = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)  # six days after the nudge falls due
    planned = scheme.meetings.propose(
        mentee,
        match.match_id,
        MeetingCreate.model_validate(
            {
                "starts_at": meeting_at.isoformat(),
                "duration_minutes": 60,
                "mode": "face_to_face",
                "location": "Seminar room 2",
            }
        ),
    )
    scheme.meetings.confirm(mentor, match.match_id, planned.meeting_id)

    assert scheme.reminders.run(THIRTY_DAYS_ON).nudged == 0
    assert scheme.reminders.run(datetime(2027, 1, 4, 8, 0, tzinfo=UTC)).nudged == 0
    # The meeting has passed and no session was logged: now the pair hear of it.
    assert scheme.reminders.run(datetime(2027, 1, 5, 8, 0, tzinfo=UTC)).nudged == 1


def test_a_missing_evaluation_is_reminded_once(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    match = scheme.match(mentee)
    scheme.matches.end(mentee, match.match_id)  # Wed 25 Nov 2026
    scheme.mailer.sent.clear()

    assert scheme.reminders.run(datetime(2026, 12, 2, 8, 0, tzinfo=UTC)).evaluation_reminders == 0
    assert scheme.reminders.run(REMINDER_RUN).evaluation_reminders == 1  # after 5 working days
    assert scheme.mailer.last("evaluation_reminder").to == (mentee.email,)
    assert scheme.reminders.run(REMINDER_RUN).evaluation_reminders == 0
    assert scheme.reminders.run(EXPIRY_RUN).evaluation_reminders == 0


def test_a_submitted_evaluation_is_not_chased(scheme: Scheme) -> None:
    mentee = scheme.mentee()
    match = scheme.match(mentee)
    scheme.matches.end(mentee, match.match_id)
    scheme.evaluations.submit(
        mentee,
        match.match_id,
        EvaluationCreate(
            overall_rating=5,
            mentor_support_rating=5,
            would_recommend=True,
        ),
    )
    assert scheme.reminders.run(REMINDER_RUN).evaluation_reminders == 0


def test_the_schedule_declines_a_request_left_waiting_on_a_mentor_who_closed(
    scheme: Scheme,
) -> None:
    """A request the closing write could not see yet (its index lagged) is declined by the
    next run, never chased."""
    mentee, mentor = scheme.mentee(), scheme.mentor()
    waiting = scheme.request(mentee, mentor)
    # The mentor paused requests by a write that saw no request waiting.
    scheme.stores.table.update(
        mentor_key(mentor.user_id), Update(set={"accepting_requests": False})
    )

    summary = scheme.reminders.run(REMINDER_RUN)

    view = scheme.requests.get(mentee, waiting.request_id)
    assert (view.status, view.decline_reason) == ("declined", "mentor_unavailable")
    assert summary.reminded == 0
    assert scheme.mailer.last("request_auto_declined").to == (mentee.email,)
