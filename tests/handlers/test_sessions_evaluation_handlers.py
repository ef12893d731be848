"""Sessions, evaluation, export and erasure driven by API Gateway events."""

from __future__ import annotations

import json
from datetime import date
from types import ModuleType
from typing import Any

import boto3
import pytest

from local_stack.resources import create_user_pool
from local_stack.template import load_template
from tests.support.bodies import mentee_body, mentor_body
from tests.support.lambdas import Answer, event, invoke, load_function, sample_event

MENTEE = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"
MENTOR = "4c2a9e1f-7b3d-4f5a-8e6c-0d2b4a6c8e1f"


@pytest.fixture
def sessions(aws: Any) -> ModuleType:
    return load_function("sessions")


@pytest.fixture
def evaluation(aws: Any) -> ModuleType:
    return load_function("evaluation")


def active_match(registration: ModuleType, matching: ModuleType) -> str:
    invoke(registration, event("registration/post_mentees", body=mentee_body()))
    invoke(registration, event("registration/post_mentors", body=mentor_body(), sub=MENTOR))
    invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor",
            path_parameters={"user_id": MENTOR},
            sub="admin",
            groups="admins",
        ),
    )
    created = invoke(
        matching, event("matching/post_match_requests", body={"mentor_id": MENTOR, "message": "hi"})
    )
    accepted = invoke(
        matching,
        event(
            "matching/post_accept",
            sub=MENTOR,
            path_parameters={"request_id": created.body["request_id"]},
        ),
    )
    return str(accepted.body["match_id"])


def as_mentor_log(sessions: ModuleType, match_id: str, held_on: str) -> Answer:
    """The sample session, held on the given day, logged by the match's mentor."""
    body = json.loads(sample_event("sessions/post_session")["body"]) | {"held_on": held_on}
    return invoke(
        sessions,
        event(
            "sessions/post_session", body=body, sub=MENTOR, path_parameters={"match_id": match_id}
        ),
    )


def test_sessions_through_the_function(
    registration: ModuleType, matching: ModuleType, sessions: ModuleType
) -> None:
    match_id = active_match(registration, matching)
    today = date.today().isoformat()

    logged = as_mentor_log(sessions, match_id, today)
    assert logged.status == 201
    assert logged.body["session_number"] == 1
    assert logged.body["mentee_notes"] is None

    notes = invoke(
        sessions,
        event(
            "sessions/put_mentee_notes",
            path_parameters={"match_id": match_id, "session_number": "1"},
        ),
    )
    assert notes.status == 200
    assert notes.body["mentee_notes"].startswith("Really useful")

    as_admin = invoke(
        sessions,
        event(
            "sessions/get_sessions",
            path_parameters={"match_id": match_id},
            sub="admin",
            groups="admins",
        ),
    )
    assert as_admin.body["items"] == [
        {"session_number": 1, "held_on": today, "mode": "face_to_face", "duration_minutes": 50}
    ]
    as_mentee = invoke(
        sessions, event("sessions/get_sessions", path_parameters={"match_id": match_id})
    )
    assert "summary" in as_mentee.body["items"][0]
    stranger = invoke(
        sessions,
        event("sessions/get_sessions", sub="stranger", path_parameters={"match_id": match_id}),
    )
    assert stranger.status == 404


def test_session_errors(
    registration: ModuleType, matching: ModuleType, sessions: ModuleType
) -> None:
    match_id = active_match(registration, matching)
    future = as_mentor_log(sessions, match_id, "2099-01-01")
    assert (future.status, future.error_code) == (422, "validation_error")
    as_mentee = invoke(
        sessions, event("sessions/post_session", path_parameters={"match_id": match_id})
    )
    assert (as_mentee.status, as_mentee.error_code) == (403, "forbidden")
    bad_number = invoke(
        sessions,
        event(
            "sessions/put_mentee_notes",
            path_parameters={"match_id": match_id, "session_number": "9"},
        ),
    )
    assert bad_number.status == 422
    for _ in range(4):
        assert as_mentor_log(sessions, match_id, date.today().isoformat()).status == 201
    fifth = as_mentor_log(sessions, match_id, date.today().isoformat())
    assert (fifth.status, fifth.error_code) == (409, "session_limit_reached")


def test_evaluation_through_the_function(
    registration: ModuleType, matching: ModuleType, evaluation: ModuleType
) -> None:
    match_id = active_match(registration, matching)
    early = invoke(
        evaluation, event("evaluation/post_evaluation", path_parameters={"match_id": match_id})
    )
    assert (early.status, early.error_code) == (409, "match_not_ended")
    invoke(matching, event("matching/post_end_match", path_parameters={"match_id": match_id}))

    submitted = invoke(
        evaluation, event("evaluation/post_evaluation", path_parameters={"match_id": match_id})
    )
    assert submitted.status == 201
    again = invoke(
        evaluation, event("evaluation/post_evaluation", path_parameters={"match_id": match_id})
    )
    assert (again.status, again.error_code) == (409, "evaluation_exists")
    read = invoke(
        evaluation, event("evaluation/get_evaluation", path_parameters={"match_id": match_id})
    )
    assert read.body["overall_rating"] == 5
    mentor_read = invoke(
        evaluation,
        event("evaluation/get_evaluation", sub=MENTOR, path_parameters={"match_id": match_id}),
    )
    assert mentor_read.status == 403

    feedback = invoke(evaluation, event("evaluation/get_mentor_feedback", sub=MENTOR))
    assert feedback.body == {
        "evaluations": 1,
        "overall_rating_average": None,
        "mentor_support_rating_average": None,
        "would_recommend_percent": None,
        "helped_with": None,
    }
    report = invoke(evaluation, sample_event("evaluation/get_admin_report"))
    assert report.status == 200
    assert report.body["evaluations"]["count"] == "<5"
    assert invoke(evaluation, event("evaluation/get_admin_report", groups="")).status == 403


def test_export_and_erase_through_the_function(
    aws: Any, matching: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    cognito = boto3.client("cognito-idp")
    pool = create_user_pool(cognito, load_template(), "test-pool")
    created = cognito.admin_create_user(UserPoolId=pool.user_pool_id, Username="chidi@example.org")
    sub = next(a["Value"] for a in created["User"]["Attributes"] if a["Name"] == "sub")
    monkeypatch.setenv("USER_POOL_ID", pool.user_pool_id)
    registration = load_function("registration")
    invoke(registration, event("registration/post_mentees", body=mentee_body(), sub=sub))

    exported = invoke(registration, event("registration/get_me_export", sub=sub))
    assert exported.status == 200
    assert exported.body["mentee_profile"]["registration_number"] == "7654321"

    erased = invoke(registration, event("registration/delete_me", sub=sub))
    assert erased.status == 204
    assert erased.text == ""
    assert invoke(registration, event("registration/get_me", sub=sub)).body["mentee"] is None
    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=pool.user_pool_id, Username="chidi@example.org")
