"""Sessions, evaluation, reports and data protection over HTTP against the local stack."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from mentoring.clock import LONDON
from mentoring.data.dynamo import from_raw
from tests.e2e.test_matching_e2e import all_at_once, mentee, mentor
from tests.support.clients import Client, sign_in
from tests.support.local_pages import emails_to
from tests.support.stack import RunningStack

MakeUser = Callable[[], Client]


def session_body(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "held_on": datetime.now(LONDON).date().isoformat(),
        "mode": "face_to_face",
        "duration_minutes": 60,
        "topics": ["portfolio"],
        "summary": "CONFIDENTIAL-SUMMARY: talked about the e-portfolio.",
        "actions": "CONFIDENTIAL-ACTIONS",
    }
    body.update(fields)
    return body


def matched(
    new_user: MakeUser, admin: Client, name: str = "Dr Ama Owusu", number: str = "7112233"
) -> tuple[Client, Client, str]:
    trainee = mentee(new_user, name=name, registration_number=number)
    mentor_client, mentor_id = mentor(new_user, admin, name="Dr Tariq Aziz")
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    match = mentor_client.call("POST", f"/match-requests/{created['request_id']}/accept").body
    return trainee, mentor_client, str(match["match_id"])


def test_four_sessions_then_evaluation(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(new_user, admin)

    for number in range(1, 5):
        logged = mentor_client.call("POST", f"/matches/{match_id}/sessions", session_body())
        assert (logged.status, logged.body["session_number"]) == (201, number)
    fifth = mentor_client.call("POST", f"/matches/{match_id}/sessions", session_body())
    assert (fifth.status, fifth.error_code) == (409, "session_limit_reached")

    noted = trainee.call(
        "PUT",
        f"/matches/{match_id}/sessions/2/mentee-notes",
        {"mentee_notes": "CONFIDENTIAL-NOTES"},
    )
    assert noted.status == 200
    match = trainee.call("GET", f"/matches/{match_id}").body
    assert (match["status"], match["end_reason"]) == ("ended", "sessions_complete")
    invitation = emails_to(stack, trainee.email)[-1]
    assert invitation["subject"] == "Please tell us how your peer mentoring went"

    body = {
        "overall_rating": 5,
        "mentor_support_rating": 4,
        "would_recommend": True,
        "helped_with": ["exams"],
        "comments": "Thank you!",
    }
    assert trainee.call("POST", f"/matches/{match_id}/evaluation", body).status == 201
    again = trainee.call("POST", f"/matches/{match_id}/evaluation", body)
    assert (again.status, again.error_code) == (409, "evaluation_exists")
    assert trainee.call("GET", f"/matches/{match_id}/evaluation").body["comments"] == "Thank you!"
    assert mentor_client.call("GET", f"/matches/{match_id}/evaluation").status == 403
    feedback = mentor_client.call("GET", "/me/mentor/feedback").body
    assert (feedback["evaluations"], feedback["overall_rating_average"]) == (1, None)


def test_session_logs_are_confidential_to_the_two_parties(
    new_user: MakeUser, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(new_user, admin)
    mentor_client.call("POST", f"/matches/{match_id}/sessions", session_body())

    for party in (trainee, mentor_client):
        (seen,) = party.call("GET", f"/matches/{match_id}/sessions").body["items"]
        assert seen["summary"].startswith("CONFIDENTIAL-SUMMARY")
    as_admin = admin.call("GET", f"/matches/{match_id}/sessions")
    assert as_admin.status == 200
    assert set(as_admin.body["items"][0]) == {
        "session_number",
        "held_on",
        "mode",
        "duration_minutes",
    }
    assert "CONFIDENTIAL" not in as_admin.text
    stranger = new_user().call("GET", f"/matches/{match_id}/sessions")
    assert (stranger.status, stranger.error_code) == (404, "not_found")
    assert trainee.call("POST", f"/matches/{match_id}/sessions", session_body()).status == 403


def test_race_concurrent_session_logging_never_exceeds_four(
    new_user: MakeUser, admin: Client
) -> None:
    _, mentor_client, match_id = matched(new_user, admin)
    answers = all_at_once(
        [
            lambda: mentor_client.call("POST", f"/matches/{match_id}/sessions", session_body())
            for _ in range(8)
        ]
    )
    assert sorted(a.status for a in answers) == [201] * 4 + [409] * 4
    numbers = sorted(a.body["session_number"] for a in answers if a.status == 201)
    assert numbers == [1, 2, 3, 4]
    listed = mentor_client.call("GET", f"/matches/{match_id}/sessions").body["items"]
    assert len(listed) == 4


def test_the_report_suppresses_small_numbers(new_user: MakeUser, admin: Client) -> None:
    report = admin.call("GET", "/admin/reports/summary")
    assert report.status == 200
    body = report.body
    counts = [
        *body["mentees"].values(),
        *body["mentors"].values(),
        *body["requests"].values(),
        *body["matches"].values(),
        *body["matches_ended_by_reason"].values(),
        *body["sessions_by_mode"].values(),
    ]
    assert all(c in {"<5", 0} or (isinstance(c, int) and c >= 5) for c in counts)
    assert new_user().call("GET", "/admin/reports/summary").status == 403


def every_item(stack: RunningStack) -> list[dict[str, Any]]:
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=stack.info["aws_endpoint_url"],
        region_name="eu-west-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    items: list[dict[str, Any]] = []
    arguments: dict[str, Any] = {"TableName": stack.info["table_name"]}
    while True:
        page = dynamodb.scan(**arguments)  # a test reads everything back; the product never scans
        items += [from_raw(raw) for raw in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_export_then_erase_leaves_nothing_behind(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(new_user, admin, "Dr Efua Leaving", "7998877")
    user_id = trainee.user_id
    mentor_client.call("POST", f"/matches/{match_id}/sessions", session_body())
    trainee.call(
        "PUT",
        f"/matches/{match_id}/sessions/1/mentee-notes",
        {"mentee_notes": "EFUA-NOTES"},
    )

    exported = trainee.call("GET", "/me/export")
    assert exported.status == 200
    assert exported.body["mentee_profile"]["registration_number"] == "7998877"
    assert exported.body["sessions"][0]["mentee_notes"] == "EFUA-NOTES"
    assert [m["match_id"] for m in exported.body["matches"]] == [match_id]

    erased = trainee.call("DELETE", "/me")
    assert erased.status == 204
    # Once the emails it caused have gone (a sent notification keeps no address or words):
    assert emails_to(stack, mentor_client.email)[-1]["subject"] == "A change to your peer mentoring"

    table = json.dumps(every_item(stack), default=str)
    for personal in (user_id, trainee.email, "Dr Efua Leaving", "7998877", "EFUA-NOTES"):
        assert personal not in table, personal
    assert mentor_client.call("GET", f"/matches/{match_id}").body["mentee_name"] == (
        "Former participant"
    )
    with pytest.raises(ClientError, match=r"NotAuthorized|UserNotFound"):
        sign_in(stack, trainee.email)
