"""The waiting-list routes of the matching function, driven by API Gateway events: who may call
each, what they answer, and the emails that follow."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.handlers.conftest import sent_emails
from tests.support.bodies import mentee_body, mentor_body
from tests.support.lambdas import event, invoke

MENTEE = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"  # the sample events' caller
MENTOR = "4c2a9e1f-7b3d-4f5a-8e6c-0d2b4a6c8e1f"
ADMIN: dict[str, Any] = {"sub": "admin", "groups": "admins"}


def a_paused_mentor(registration: ModuleType) -> None:
    """The sample caller as a mentee, and a mentor taking no requests (with room)."""
    invoke(registration, event("registration/post_mentees", body=mentee_body()))
    invoke(
        registration,
        event(
            "registration/post_mentors", body=mentor_body(), sub=MENTOR, email="priya@example.org"
        ),
    )
    invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor", path_parameters={"user_id": MENTOR}, **ADMIN
        ),
    )
    paused = invoke(
        registration,
        event("registration/patch_me_mentor", body={"accepting_requests": False}, sub=MENTOR),
    )
    assert paused.status == 200


def test_a_mentee_joins_sees_and_leaves_a_list(
    registration: ModuleType, matching: ModuleType
) -> None:
    a_paused_mentor(registration)

    joined = invoke(matching, event("matching/post_waiting_list"))
    mine = invoke(matching, event("matching/get_my_waiting_lists"))
    line = invoke(matching, event("matching/get_admin_waiting_list"))
    left = invoke(matching, event("matching/delete_waiting_list"))

    assert joined.status == 201
    assert set(joined.body) == {
        "mentor_id",
        "mentor_name",
        "position",
        "status",
        "joined_at",
        "offer_expires_at",
    }
    assert (joined.body["position"], joined.body["status"]) == (1, "waiting")
    assert joined.body["joined_at"].endswith("Z")
    assert (mine.status, mine.body["items"]) == (200, [joined.body])
    assert line.status == 200
    assert [(e["mentee_id"], e["status"]) for e in line.body["items"]] == [(MENTEE, "waiting")]
    assert (left.status, left.body) == (204, None)
    assert invoke(matching, event("matching/get_my_waiting_lists")).body["items"] == []
    assert invoke(matching, event("matching/delete_waiting_list")).status == 404


def test_the_join_refuses_with_the_codes_of_the_contract(
    registration: ModuleType, matching: ModuleType
) -> None:
    a_paused_mentor(registration)
    invoke(matching, event("matching/post_waiting_list"))

    again = invoke(matching, event("matching/post_waiting_list"))
    reopened = invoke(
        registration,
        event("registration/patch_me_mentor", body={"accepting_requests": True}, sub=MENTOR),
    )
    assert reopened.status == 200
    offered = invoke(matching, event("matching/get_my_waiting_lists")).body["items"][0]

    assert (again.status, again.body["error"]["code"]) == (409, "already_waiting")
    assert offered["status"] == "offered"
    # Held to the end of a London day (the function runs on the real clock).
    assert offered["offer_expires_at"].endswith(("T23:59:59Z", "T22:59:59Z"))
    (email,) = [e for e in sent_emails() if "is held for you" in e["subject"]]
    assert email["to"] == ["chidi.eze@example.org"]


def test_a_mentor_with_room_is_409_mentor_has_room(
    registration: ModuleType, matching: ModuleType
) -> None:
    a_paused_mentor(registration)
    invoke(
        registration,
        event("registration/patch_me_mentor", body={"accepting_requests": True}, sub=MENTOR),
    )
    answer = invoke(matching, event("matching/post_waiting_list"))
    assert (answer.status, answer.body["error"]["code"]) == (409, "mentor_has_room")


@pytest.mark.parametrize(
    ("name", "caller", "status"),
    [
        ("matching/post_waiting_list", {"sub": MENTOR}, 403),  # a mentor, not a mentee
        ("matching/post_waiting_list", {"claims": None}, 401),
        ("matching/delete_waiting_list", {"claims": None}, 401),
        ("matching/get_my_waiting_lists", {"claims": None}, 401),
        ("matching/get_admin_waiting_list", {"sub": MENTEE, "groups": ""}, 403),
        ("matching/get_admin_waiting_list", {"sub": MENTOR, "groups": ""}, 403),
        ("matching/get_admin_waiting_list", {"claims": None}, 401),
        ("matching/get_admin_waiting_list", ADMIN, 200),
    ],
)
def test_who_may_call_each_route(
    registration: ModuleType,
    matching: ModuleType,
    name: str,
    caller: dict[str, Any],
    status: int,
) -> None:
    a_paused_mentor(registration)
    assert invoke(matching, event(name, **caller)).status == status


def test_an_unknown_mentor_is_404_and_a_long_id_422(
    registration: ModuleType, matching: ModuleType
) -> None:
    a_paused_mentor(registration)
    unknown = invoke(
        matching, event("matching/post_waiting_list", path_parameters={"mentor_id": "nobody"})
    )
    too_long = invoke(
        matching, event("matching/post_waiting_list", path_parameters={"mentor_id": "x" * 200})
    )
    assert (unknown.status, too_long.status) == (404, 422)
