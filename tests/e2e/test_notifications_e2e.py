"""Everyone hears what concerns them (docs/emails.md), over HTTP and the local inbox,
and no email is lost or sent twice when SES fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mentoring.data.dynamo import to_raw
from mentoring.data.outbox import notification_item
from mentoring.domain.working_days import deadline_after
from mentoring.mail.kinds.match_requests import request_created, request_withdrawn
from tests.support.clients import Client, new_mentee, new_mentor
from tests.support.clock import first_run_after
from tests.support.http import request
from tests.support.local_pages import email_titled, inbox, run_schedule
from tests.support.records import request_record
from tests.support.stack import RunningStack

ADMIN = "admin@example.org"


def subjects_to(stack: RunningStack, address: str) -> list[str]:
    return [e["subject"] for e in inbox(stack) if address in e["to"]]


def parked(stack: RunningStack) -> list[dict[str, Any]]:
    letters: list[dict[str, Any]] = request("GET", stack.api_url + "/local/dead-letters.json").body
    return letters


@pytest.fixture
def ses_failures(stack: RunningStack) -> Iterator[Callable[[int], None]]:
    """Make the next n SES sends fail (POST /local/faults); cleared afterwards."""

    def fail(count: int) -> None:
        answer = request("POST", stack.api_url + "/local/faults", json_body={"ses_failures": count})
        assert answer.status == 200, answer.text

    yield fail
    fail(0)


def matched(stack: RunningStack, admin: Client, mentee_name: str) -> tuple[Client, Client, str]:
    trainee = new_mentee(stack, name=mentee_name)
    mentor_client, mentor_id = new_mentor(stack, admin, name=f"Mentor of {mentee_name}")
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    accepted = mentor_client.call("POST", f"/match-requests/{created['request_id']}/accept")
    assert accepted.status == 200, accepted.text
    return trainee, mentor_client, str(accepted.body["match_id"])


# ---- every row of the table -------------------------------------------------------------------


def test_a_mentor_application_approval_and_suspension(stack: RunningStack, admin: Client) -> None:
    mentor_client, mentor_id = new_mentor(stack, admin, name="Dr Hana Suzuki")
    waiting = new_mentee(stack)
    asked = waiting.call("POST", "/match-requests", {"mentor_id": mentor_id})

    suspended = admin.call("POST", f"/admin/mentors/{mentor_id}/suspend")

    assert (asked.status, suspended.status) == (201, 200)
    assert "New peer mentor application: Dr Hana Suzuki" in subjects_to(stack, ADMIN)
    assert subjects_to(stack, mentor_client.email) == [
        "You are now an IMG peer mentor",
        "New match request from Dr Chidi Eze",
        "Your peer mentor profile has been paused",
    ]
    told = email_titled(stack, waiting.email, "Your match request: please choose another mentor")
    assert "is not available as a peer mentor at the moment" in told["text"]


def test_a_withdrawal_tells_the_mentor_and_a_decline_the_mentee(
    stack: RunningStack, admin: Client
) -> None:
    mentor_client, mentor_id = new_mentor(stack, admin)
    trainee = new_mentee(stack, name="Dr Jonas Berg")
    first = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    trainee.call("POST", f"/match-requests/{first['request_id']}/withdraw")
    second = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body

    mentor_client.call(
        "POST",
        f"/match-requests/{second['request_id']}/decline",
        {"reason": "I am on leave until March."},
    )

    assert "A match request has been withdrawn" in subjects_to(stack, mentor_client.email)
    declined = email_titled(
        stack, trainee.email, "Your match request: please choose another mentor"
    )
    assert "I am on leave until March." in declined["text"]


def test_a_logged_session_and_the_end_of_a_match_tell_who_they_concern(
    stack: RunningStack, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(stack, admin, "Dr Leila Haddad")
    today = datetime.now(UTC).date().isoformat()
    session = {
        "held_on": today,
        "mode": "virtual",
        "duration_minutes": 30,
        "summary": "CONFIDENTIAL-SUMMARY",
        "actions": "CONFIDENTIAL-ACTIONS",
    }
    assert mentor_client.call("POST", f"/matches/{match_id}/sessions", session).status == 201

    assert trainee.call("POST", f"/matches/{match_id}/end").status == 200

    assert subjects_to(stack, trainee.email) == [
        "Mentor of Dr Leila Haddad is your peer mentor",
        "Your activity log is ready for your notes",
        "Please tell us how your peer mentoring went",
    ]
    assert subjects_to(stack, mentor_client.email)[-2:] == [
        "Your new mentee: Dr Leila Haddad",
        "Your mentoring with Dr Leila Haddad has ended",
    ]
    everything = " ".join(e["text"] + e["html"] for e in inbox(stack))
    assert "CONFIDENTIAL" not in everything


def test_the_schedule_nudges_quiet_matches_and_reminds_missing_evaluations(
    stack: RunningStack, admin: Client
) -> None:
    quiet_mentee, quiet_mentor, _ = matched(stack, admin, "Dr Quiet Mentee")
    ended_mentee, _, ended_id = matched(stack, admin, "Dr Ended Mentee")
    assert ended_mentee.call("POST", f"/matches/{ended_id}/end").status == 200

    summary = run_schedule(stack, first_run_after(datetime.now(UTC) + timedelta(days=35)))

    assert summary["nudged"] >= 1
    assert summary["evaluation_reminders"] >= 1
    for address in (quiet_mentee.email, quiet_mentor.email):
        assert subjects_to(stack, address)[-1] == "Time for your next mentoring session?"
    assert subjects_to(stack, ended_mentee.email)[-1] == "Reminder: how did your peer mentoring go?"


def test_the_administrator_hears_of_overdue_and_expired_requests(
    stack: RunningStack, admin: Client
) -> None:
    trainee = new_mentee(stack, name="Dr Overdue Mentee")
    _, mentor_id = new_mentor(stack, admin, name="Dr Slow Mentor")
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    respond_by = datetime.fromisoformat(created["respond_by"].replace("Z", "+00:00"))

    for steps in (0, 2, 5):  # past the deadline, the escalation and the expiry
        run_schedule(stack, first_run_after(deadline_after(respond_by, steps)))

    about = [s for s in subjects_to(stack, ADMIN) if s.endswith("Dr Slow Mentor")]
    assert about == [
        "New peer mentor application: Dr Slow Mentor",
        "Overdue match request: Dr Slow Mentor",
        "Expired match request: Dr Slow Mentor",
    ]


# ---- nothing lost, nothing twice ------------------------------------------------------------


def test_while_ses_fails_now_and_then_every_email_still_arrives_exactly_once(
    stack: RunningStack, admin: Client, ses_failures: Callable[[int], None]
) -> None:
    trainee = new_mentee(stack, name="Dr Retry Mentee")
    mentor_client, mentor_id = new_mentor(stack, admin, name="Dr Retry Mentor")
    ses_failures(3)  # the next three sends are throttled
    before = len(parked(stack))

    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    mentor_client.call("POST", f"/match-requests/{created['request_id']}/accept")

    # Each exactly once (a retried one may arrive after a later one).
    assert sorted(subjects_to(stack, mentor_client.email)) == [
        "New match request from Dr Retry Mentee",
        "You are now an IMG peer mentor",
        "Your new mentee: Dr Retry Mentee",
    ]
    assert subjects_to(stack, trainee.email) == ["Dr Retry Mentor is your peer mentor"]
    assert len(parked(stack)) == before


def test_an_answer_does_not_wait_for_ses_and_a_parked_email_is_sent_once_later(
    stack: RunningStack, admin: Client, ses_failures: Callable[[int], None]
) -> None:
    trainee = new_mentee(stack, name="Dr Outage Mentee")
    mentor_client, mentor_id = new_mentor(stack, admin, name="Dr Outage Mentor")
    ses_failures(1000)  # SES is down

    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id})

    assert created.status == 201  # answered while SES is failing
    assert "New match request from Dr Outage Mentee" not in subjects_to(
        stack, mentor_client.email
    )  # retried, then parked
    parked_kinds = [n["kind"] for letter in parked(stack) for n in letter["notifications"]]
    assert "new_request" in parked_kinds

    ses_failures(0)  # SES is back; the next morning's run puts parked emails back on the stream
    next_morning = first_run_after(datetime.now(UTC) + timedelta(hours=1))
    run_schedule(stack, next_morning)
    run_schedule(stack, first_run_after(next_morning))  # put back once only

    invitations = [
        s for s in subjects_to(stack, mentor_client.email) if s.startswith("New match request")
    ]
    assert invitations == ["New match request from Dr Outage Mentee"]


def test_an_unreadable_notification_is_set_aside_while_the_rest_of_its_batch_is_delivered(
    stack: RunningStack,
) -> None:
    now = datetime.now(UTC)
    asked = request_record(
        request_id="poison-test",
        mentor_email="batch.mate@example.org",
        created_at=now,
        respond_by=now + timedelta(days=7),
    )
    (good,) = request_withdrawn(asked, now)
    (poison,) = request_created(asked, "CT1", now)
    poison = poison.model_copy(
        update={"facts": poison.facts.model_copy(update={"respond_by": None})}
    )
    table = stack.info["table_name"]
    # Written together, so the stream carries them in one batch.
    stack.dynamodb().transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": to_raw(notification_item(n))}}
            for n in (poison, good)
        ]
    )

    assert subjects_to(stack, "batch.mate@example.org") == ["A match request has been withdrawn"]
    # Retrying could never send it: it is failed for good, with its reason, not parked.
    letters = [n for letter in parked(stack) for n in letter["notifications"]]
    assert all(n["notice_id"] not in (poison.notice_id, good.notice_id) for n in letters)
    key = {"PK": {"S": f"NOTIFICATION#{poison.notice_id}"}, "SK": {"S": "NOTIFICATION"}}
    item = stack.dynamodb().get_item(TableName=table, Key=key)["Item"]
    assert (item["status"]["S"], item["failure_reason"]["S"]) == ("failed", "unreadable")
