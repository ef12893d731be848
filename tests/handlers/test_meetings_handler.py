"""Meetings driven by API Gateway events (events/sessions/*meeting*.json): statuses, bodies,
who may do what, and the emails with their calendar files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest

from tests.handlers.conftest import sent_emails
from tests.handlers.test_sessions_evaluation_handlers import MENTEE, MENTOR, active_match
from tests.support.ics import read_invitation
from tests.support.lambdas import Answer, event, invoke, load_function, sample_event


@pytest.fixture
def sessions(aws: Any) -> ModuleType:
    return load_function("sessions")


def tomorrow_at_two() -> str:
    day = datetime.now(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC).isoformat()


def propose(sessions: ModuleType, match_id: str, sub: str = MENTOR, **fields: Any) -> Answer:
    body = json.loads(sample_event("sessions/post_meeting")["body"])
    body |= {"starts_at": tomorrow_at_two()} | fields
    return invoke(
        sessions,
        event("sessions/post_meeting", body=body, sub=sub, path_parameters={"match_id": match_id}),
    )


def act(sessions: ModuleType, action: str, match_id: str, meeting_id: str, sub: str) -> Answer:
    return invoke(
        sessions,
        event(
            f"sessions/post_{action}_meeting",
            sub=sub,
            path_parameters={"match_id": match_id, "meeting_id": meeting_id},
        ),
    )


def test_a_meeting_is_proposed_confirmed_and_reaches_both_calendars(
    registration: ModuleType, matching: ModuleType, sessions: ModuleType
) -> None:
    match_id = active_match(registration, matching)

    proposed = propose(sessions, match_id)
    confirmed = act(sessions, "confirm", match_id, proposed.body["meeting_id"], MENTEE)

    assert proposed.status == 201
    assert proposed.body["status"] == "proposed"
    assert proposed.body["video_link"] == "https://meet.example.org/chidi-priya"
    assert (confirmed.status, confirmed.body["status"]) == (200, "confirmed")
    invitations = [e for e in sent_emails() if e["subject"].startswith("Meeting confirmed")]
    assert len(invitations) == 2
    for invitation in invitations:
        (attached,) = invitation["attachments"]
        assert (attached["filename"], attached["content_type"]) == (
            "invite.ics",
            "text/calendar; method=REQUEST",
        )
        calendar = read_invitation(attached["content"])
        assert calendar.start == datetime.fromisoformat(tomorrow_at_two())


def test_meeting_errors_are_the_contracts(
    registration: ModuleType, matching: ModuleType, sessions: ModuleType
) -> None:
    match_id = active_match(registration, matching)
    proposed = propose(sessions, match_id).body["meeting_id"]

    own = act(sessions, "confirm", match_id, proposed, MENTOR)
    missing = act(sessions, "confirm", match_id, "20270101T0000Z-000000000000", MENTEE)
    no_link = propose(sessions, match_id, mode="virtual", video_link=None)
    past = propose(sessions, match_id, starts_at="2020-01-01T10:00:00Z")
    act(sessions, "decline", match_id, proposed, MENTEE)
    again = act(sessions, "confirm", match_id, proposed, MENTEE)
    stranger = propose(sessions, match_id, sub="someone-else")

    assert (own.status, own.error_code) == (403, "forbidden")
    assert (missing.status, missing.error_code) == (404, "not_found")
    assert (no_link.status, no_link.body["error"]["details"][0]["field"]) == (422, "video_link")
    assert (past.status, past.body["error"]["details"][0]["field"]) == (422, "starts_at")
    assert (again.status, again.error_code) == (409, "invalid_transition")
    assert (stranger.status, stranger.error_code) == (404, "not_found")


def test_an_administrator_lists_meetings_without_place_or_note(
    registration: ModuleType, matching: ModuleType, sessions: ModuleType
) -> None:
    match_id = active_match(registration, matching)
    propose(sessions, match_id)

    listed = invoke(
        sessions,
        event(
            "sessions/get_meetings",
            sub="admin",
            groups="admins",
            path_parameters={"match_id": match_id},
        ),
    )

    assert listed.status == 200
    (meeting,) = listed.body["items"]
    assert set(meeting) == {"meeting_id", "starts_at", "duration_minutes", "mode", "status"}
