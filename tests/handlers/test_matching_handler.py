"""The matching function driven by API Gateway events, with SES and Secrets Manager in moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from mentoring.domain.action_links import Action, ActionTokens
from tests.conftest import ACTION_SECRET_VALUE as SECRET_VALUE
from tests.conftest import TABLE_NAME
from tests.handlers.conftest import sent_emails
from tests.support.bodies import mentee_body, mentor_body
from tests.support.lambdas import LambdaContext, event, invoke, sample_event

MENTEE = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"  # the sample events' caller
MENTOR = "4c2a9e1f-7b3d-4f5a-8e6c-0d2b4a6c8e1f"


def mentee_and_mentor(registration: ModuleType) -> None:
    assert (
        invoke(registration, event("registration/post_mentees", body=mentee_body())).status == 201
    )
    invoke(
        registration,
        event(
            "registration/post_mentors", body=mentor_body(), sub=MENTOR, email="priya@example.org"
        ),
    )
    approved = invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor",
            path_parameters={"user_id": MENTOR},
            sub="admin",
            groups="admins",
        ),
    )
    assert approved.status == 200


def test_sample_request_is_created_and_the_mentor_emailed(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)

    answer = invoke(matching, sample_event("matching/post_match_requests"))

    assert answer.status == 201
    assert (answer.body["mentee_id"], answer.body["mentor_id"]) == (MENTEE, MENTOR)
    assert answer.body["status"] == "pending"
    assert answer.body["respond_by"].endswith("Z")
    (email,) = [e for e in sent_emails() if e["subject"].startswith("New match request")]
    assert email["to"] == ["priya@example.org"]
    assert "MRCP Part 1" in email["text"]
    # Links point at the deployed API (the notifications function's PUBLIC_API_URL).
    assert "https://api.example.org/v1/actions/" in email["text"]
    assert "https://api.example.org/v1/actions/" in email["html"]


def test_a_retry_with_the_same_idempotency_key_creates_nothing_new(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    first = invoke(matching, sample_event("matching/post_match_requests"))
    retry = invoke(matching, sample_event("matching/post_match_requests"))

    assert retry.status == 201
    assert retry.body == first.body
    assert len([e for e in sent_emails() if e["subject"].startswith("New match request")]) == 1


def test_the_same_key_with_another_body_is_refused(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    invoke(matching, sample_event("matching/post_match_requests"))
    other = invoke(
        matching,
        event("matching/post_match_requests", body={"mentor_id": MENTOR, "message": "Different"}),
    )
    assert other.status == 422
    assert other.body["error"]["details"][0]["field"] == "Idempotency-Key"


def test_without_a_key_a_second_request_is_a_conflict(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    first = sample_event("matching/post_match_requests")
    del first["headers"]["Idempotency-Key"]
    del first["multiValueHeaders"]["Idempotency-Key"]
    assert invoke(matching, first).status == 201
    again = invoke(matching, first)
    assert again.status == 409
    assert again.error_code == "pending_request_exists"


def test_an_unregistered_caller_is_forbidden(matching: ModuleType) -> None:
    answer = invoke(matching, sample_event("matching/post_match_requests"))
    assert answer.status == 403
    assert answer.error_code == "forbidden"


def test_a_long_message_is_a_validation_error(matching: ModuleType) -> None:
    answer = invoke(
        matching,
        event("matching/post_match_requests", body={"mentor_id": MENTOR, "message": "x" * 1001}),
    )
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "message"


def test_unknown_ids_are_404(matching: ModuleType) -> None:
    for name in (
        "get_match_request",
        "post_accept",
        "post_withdraw",
        "get_match",
        "post_end_match",
    ):
        answer = invoke(matching, sample_event(f"matching/{name}"))
        assert answer.status == 404, name
        assert answer.error_code == "not_found"


def test_decline_with_and_without_a_reason(registration: ModuleType, matching: ModuleType) -> None:
    mentee_and_mentor(registration)
    created = invoke(matching, sample_event("matching/post_match_requests")).body
    as_mentor = {"sub": MENTOR, "path_parameters": {"request_id": created["request_id"]}}

    declined = invoke(matching, event("matching/post_decline", **as_mentor))  # type: ignore[arg-type]

    assert declined.status == 200
    assert (declined.body["status"], declined.body["decline_reason"]) == (
        "declined",
        "I am on leave until March.",
    )
    built = event("matching/post_decline", **as_mentor)  # type: ignore[arg-type]
    built["body"] = None
    assert invoke(matching, built).error_code == "invalid_transition"


def test_lists_and_matches(registration: ModuleType, matching: ModuleType) -> None:
    mentee_and_mentor(registration)
    created = invoke(matching, sample_event("matching/post_match_requests")).body
    accepted = invoke(
        matching,
        event(
            "matching/post_accept",
            sub=MENTOR,
            path_parameters={"request_id": created["request_id"]},
        ),
    )
    assert accepted.status == 200
    assert accepted.body["status"] == "active"

    mine = invoke(matching, sample_event("matching/get_matches"))
    assert [m["match_id"] for m in mine.body["items"]] == [accepted.body["match_id"]]
    requests = invoke(matching, event("matching/get_match_requests", query={"status": "accepted"}))
    assert [r["request_id"] for r in requests.body["items"]] == [created["request_id"]]
    bad = invoke(matching, event("matching/get_match_requests", query={"status": "lost"}))
    assert bad.status == 422


def action_link(kind: str = "Accept this request") -> str:
    text = str(sent_emails()[-1]["text"])
    for line in text.splitlines():
        if line.startswith(f"{kind}: "):
            return line.split("/actions/", 1)[1].strip()
    raise AssertionError("no link")


def test_action_pages_are_html_with_the_right_statuses(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    invoke(matching, sample_event("matching/post_match_requests"))
    token = action_link()

    def action(method: str, value: str) -> tuple[int, str]:
        name = "get_action" if method == "GET" else "post_action"
        answer = invoke(
            matching, event(f"matching/{name}", path_parameters={"token": value}, claims=None)
        )
        assert answer.headers["Content-Type"].startswith("text/html")
        return answer.status, answer.text

    status, page = action("GET", token)
    assert status == 200
    assert '<form method="post">' in page
    assert "Dr Chidi Eze" in page
    assert action("GET", token)[0] == 200  # still nothing changed
    status, page = action("POST", token)
    assert status == 200
    assert "you are now a peer mentor" in page
    assert action("POST", token)[0] == 409
    assert action("GET", "not-a-token")[0] == 400
    assert action("POST", token[:-3] + "abc")[0] == 400


def test_reminders_handler_returns_the_summary(reminders: ModuleType) -> None:
    result = reminders.lambda_handler(sample_event("reminders/scheduled_run"), LambdaContext())
    assert result == {
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


def test_reminders_handler_refuses_a_time_without_a_zone(reminders: ModuleType) -> None:
    with pytest.raises(ValueError, match="scheduled_time"):
        reminders.lambda_handler({"scheduled_time": "2026-12-03T08:00:00"}, LambdaContext())
    assert json.dumps(sample_event("reminders/scheduled_run"))


def test_an_expired_link_is_a_410_page(registration: ModuleType, matching: ModuleType) -> None:
    mentee_and_mentor(registration)
    created = invoke(matching, sample_event("matching/post_match_requests")).body
    # A link signed with the deployment's secret, but whose time ran out yesterday.
    tokens = ActionTokens(SECRET_VALUE.encode())
    expired = tokens.issue(
        created["request_id"], Action.ACCEPT, datetime.now(UTC) - timedelta(days=1)
    )

    answer = invoke(
        matching, event("matching/get_action", path_parameters={"token": expired}, claims=None)
    )

    assert answer.status == 410
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "This link has expired" in answer.text


def test_a_link_to_an_expired_request_says_it_expired(
    registration: ModuleType, matching: ModuleType, aws: Any
) -> None:
    mentee_and_mentor(registration)
    created = invoke(matching, sample_event("matching/post_match_requests")).body
    token = action_link()
    # The schedule expired it: the link itself is still within its time.
    aws.update_item(
        TableName=TABLE_NAME,
        Key={"PK": {"S": f"REQUEST#{created['request_id']}"}, "SK": {"S": "REQUEST"}},
        UpdateExpression="SET #s = :expired",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":expired": {"S": "expired"}},
    )

    answer = invoke(
        matching, event("matching/get_action", path_parameters={"token": token}, claims=None)
    )

    assert answer.status == 410
    assert "<h1>This request has expired</h1>" in answer.text
    assert "not answered in time" in answer.text
    assert "already" not in answer.text


def test_a_decline_reason_typed_on_the_page_reaches_the_mentee(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    created = invoke(matching, sample_event("matching/post_match_requests")).body
    token = action_link("Decline this request")
    page = invoke(
        matching, event("matching/get_action", path_parameters={"token": token}, claims=None)
    )
    assert '<input type="text" id="reason" name="reason"' in page.text

    posted = event(
        "matching/post_action",
        path_parameters={"token": token},
        claims=None,
        raw_body="reason=Away+until+March%2C+sorry.",
    )
    posted["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    answer = invoke(matching, posted)

    assert answer.status == 200
    request = invoke(
        matching,
        event("matching/get_match_request", path_parameters={"request_id": created["request_id"]}),
    )
    assert request.body["decline_reason"] == "Away until March, sorry."
    assert "Away until March, sorry." in sent_emails()[-1]["text"]


def test_a_decline_reason_that_is_too_long_is_a_page_not_a_decline(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    invoke(matching, sample_event("matching/post_match_requests"))
    token = action_link("Decline this request")
    posted = event(
        "matching/post_action",
        path_parameters={"token": token},
        claims=None,
        raw_body="reason=" + "x" * 600,
    )

    answer = invoke(matching, posted)

    assert answer.status == 422
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "Please check your reason" in answer.text
    page = invoke(
        matching, event("matching/get_action", path_parameters={"token": token}, claims=None)
    )
    assert page.status == 200  # still waiting for an answer


def test_a_link_page_posted_a_body_that_is_not_a_form_is_a_400_page(
    registration: ModuleType, matching: ModuleType
) -> None:
    mentee_and_mentor(registration)
    invoke(matching, sample_event("matching/post_match_requests"))
    token = action_link()
    posted = event(
        "matching/post_action", path_parameters={"token": token}, claims=None, raw_body="a=%FF"
    )

    answer = invoke(matching, posted)

    assert answer.status == 400
    assert answer.headers["Content-Type"].startswith("text/html")
