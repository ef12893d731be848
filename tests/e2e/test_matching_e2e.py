"""Matching over HTTP: request, email, one-click link, acceptance, capacity, expiry, races."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest

from mentoring.domain.working_days import deadline_after
from tests.support.bodies import mentee_body, mentor_body
from tests.support.clients import Client
from tests.support.clock import first_run_after
from tests.support.http import HttpAnswer, request
from tests.support.local_pages import email_titled, emails_to, run_schedule
from tests.support.stack import RunningStack

MakeUser = Callable[[], Client]


def mentee(new_user: MakeUser, **fields: Any) -> Client:
    client = new_user()
    assert client.call("POST", "/mentees", mentee_body(**fields)).status == 201
    return client


def mentor(new_user: MakeUser, admin: Client, **fields: Any) -> tuple[Client, str]:
    client = new_user()
    applied = client.call("POST", "/mentors", mentor_body(**fields))
    mentor_id = applied.body["mentor_id"]
    assert admin.call("POST", f"/admin/mentors/{mentor_id}/approve").status == 200
    return client, mentor_id


def link(email: dict[str, Any], label: str) -> str:
    found = re.search(rf"^{label}: (\S+)$", email["text"], re.M)
    assert found, email["text"]
    return found.group(1)


def test_request_email_link_accept(stack: RunningStack, new_user: MakeUser, admin: Client) -> None:
    trainee = mentee(new_user, name="Dr Kofi Boateng")
    mentor_client, mentor_id = mentor(new_user, admin, name="Dr Ngozi Adeyemi")

    created = trainee.call(
        "POST",
        "/match-requests",
        {"mentor_id": mentor_id, "message": "Hello from Leeds!"},
        headers={"Idempotency-Key": "walkthrough-1"},
    )
    assert created.status == 201
    request_id = created.body["request_id"]

    invitation = email_titled(stack, mentor_client.email, "New match request from Dr Kofi Boateng")
    assert "Hello from Leeds!" in invitation["text"]
    accept = link(invitation, "Accept this request")
    assert accept.startswith(stack.api_url + "/actions/")

    preview = request("GET", accept)
    assert preview.status == 200
    assert "Accept the match request from Dr Kofi Boateng?" in preview.text
    assert trainee.call("GET", f"/match-requests/{request_id}").body["status"] == "pending"

    done = request("POST", accept)
    assert done.status == 200
    assert "you are now a peer mentor" in done.text
    assert request("POST", accept).status == 409
    assert request("GET", accept).status == 409

    answered = trainee.call("GET", f"/match-requests/{request_id}").body
    assert answered["status"] == "accepted"
    matches = trainee.call("GET", "/matches").body["items"]
    assert [m["match_id"] for m in matches] == [answered["match_id"]]
    assert matches[0]["sessions_limit"] == 4
    assert matches[0]["counterpart"] == {
        "user_id": mentor_id,
        "name": "Dr Ngozi Adeyemi",
        "email": mentor_client.email,
    }
    # The introduction: each is emailed the other's name and address.
    (accepted,) = emails_to(stack, trainee.email)
    assert accepted["subject"] == "Dr Ngozi Adeyemi is your peer mentor"
    assert mentor_client.email in accepted["text"]
    assert "Your mentor will contact you to organise your first meeting" in accepted["text"]
    introduced = email_titled(stack, mentor_client.email, "Your new mentee: Dr Kofi Boateng")
    assert trainee.email in introduced["text"]
    assert "Hello from Leeds!" in introduced["text"]
    assert "to organise your first meeting" in introduced["text"]


@pytest.mark.parametrize(
    "token",
    [
        "bm90LWEtdG9rZW4.c2lnbmF0dXJl",
        "%C2%BAX%40%C3%9D.%E6%BE%BCy",  # "ºX@Ý.澼y": make fuzz found it a 500
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_tampered_link_is_a_400_page(stack: RunningStack, method: str, token: str) -> None:
    answer = request(
        method,
        stack.api_url + "/actions/" + token,
        raw_body=b"reason=null" if method == "POST" else None,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 400
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "This link is not valid" in answer.text


def test_a_full_mentor_leaves_no_one_waiting(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    mentor_client, mentor_id = mentor(new_user, admin, capacity=1)
    first, second = mentee(new_user), mentee(new_user)
    chosen = first.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    waiting = second.call("POST", "/match-requests", {"mentor_id": mentor_id}).body

    accepted = mentor_client.call("POST", f"/match-requests/{chosen['request_id']}/accept")
    assert accepted.status == 200

    left = second.call("GET", f"/match-requests/{waiting['request_id']}").body
    assert (left["status"], left["decline_reason"]) == ("declined", "mentor_full")
    assert any("choose another mentor" in e["subject"] for e in emails_to(stack, second.email))
    refused = mentee(new_user).call("POST", "/match-requests", {"mentor_id": mentor_id})
    assert (refused.status, refused.error_code) == (409, "mentor_unavailable")
    assert mentor_client.call("GET", "/me").body["mentor"]["active_matches"] == 1


def test_an_unanswered_request_climbs_the_ladder_and_expires(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    trainee = mentee(new_user)
    mentor_client, mentor_id = mentor(new_user, admin)
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    respond_by = datetime.fromisoformat(created["respond_by"].replace("Z", "+00:00"))

    run_schedule(stack, first_run_after(respond_by))
    run_schedule(stack, first_run_after(respond_by))  # the same time twice sends nothing twice
    run_schedule(stack, first_run_after(deadline_after(respond_by, 2)))
    run_schedule(stack, first_run_after(deadline_after(respond_by, 5)))

    subjects = [e["subject"] for e in emails_to(stack, mentor_client.email)]
    assert subjects == [
        "You are now an IMG peer mentor",
        f"New match request from {created['mentee_name']}",
        f"Reminder: {created['mentee_name']} is waiting for your answer",
        f"Second reminder: {created['mentee_name']} is still waiting for your answer",
        "A match request has expired",
    ]
    assert trainee.call("GET", f"/match-requests/{created['request_id']}").body["status"] == (
        "expired"
    )
    assert [e["subject"] for e in emails_to(stack, trainee.email)] == [
        "Your match request has expired: please choose again"
    ]
    assert trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).status == 201


def test_ending_a_match_sends_the_evaluation_invitation(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    trainee = mentee(new_user)
    mentor_client, mentor_id = mentor(new_user, admin)
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    match = mentor_client.call("POST", f"/match-requests/{created['request_id']}/accept").body

    ended = admin.call("POST", f"/matches/{match['match_id']}/end")

    assert (ended.status, ended.body["end_reason"]) == (200, "ended_by_admin")
    assert emails_to(stack, trainee.email)[-1]["subject"] == (
        "Please tell us how your peer mentoring went"
    )
    again = trainee.call("POST", f"/matches/{match['match_id']}/end")
    assert (again.status, again.error_code) == (409, "match_not_active")


def all_at_once(calls: list[Callable[[], HttpAnswer]]) -> list[HttpAnswer]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_race_many_accepts_for_the_last_place_make_one_match(
    new_user: MakeUser, admin: Client
) -> None:
    mentor_client, mentor_id = mentor(new_user, admin, capacity=2)
    first = mentee(new_user)
    taken = first.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    mentor_client.call("POST", f"/match-requests/{taken['request_id']}/accept")
    request_ids = [
        mentee(new_user)
        .call("POST", "/match-requests", {"mentor_id": mentor_id})
        .body["request_id"]
        for _ in range(6)
    ]

    answers = all_at_once(
        [
            lambda rid=rid: mentor_client.call("POST", f"/match-requests/{rid}/accept")  # type: ignore[misc]
            for rid in request_ids
        ]
    )

    assert sorted(a.status for a in answers) == [200] + [409] * 5
    assert mentor_client.call("GET", "/me").body["mentor"]["active_matches"] == 2
    active = mentor_client.call("GET", "/matches?status=active").body["items"]
    assert len(active) == 2


def test_race_many_requests_from_one_mentee_leave_one_pending(
    new_user: MakeUser, admin: Client
) -> None:
    trainee = mentee(new_user)
    mentor_ids = [mentor(new_user, admin)[1] for _ in range(6)]

    answers = all_at_once(
        [
            lambda mid=mid: trainee.call("POST", "/match-requests", {"mentor_id": mid})  # type: ignore[misc]
            for mid in mentor_ids
        ]
    )

    assert sorted(a.status for a in answers) == [201] + [409] * 5
    assert {a.error_code for a in answers if a.status == 409} == {"pending_request_exists"}
    pending = trainee.call("GET", "/match-requests?status=pending").body["items"]
    assert len(pending) == 1


def test_race_two_schedule_runs_at_once_send_nothing_twice(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    mentor_client, mentor_id = mentor(new_user, admin, capacity=5)
    created = [
        mentee(new_user).call("POST", "/match-requests", {"mentor_id": mentor_id}).body
        for _ in range(3)
    ]
    respond_by = datetime.fromisoformat(created[0]["respond_by"].replace("Z", "+00:00"))
    at = first_run_after(respond_by)

    all_at_once(
        [
            lambda: request(
                "POST",
                stack.api_url + "/local/schedules/reminders",
                json_body={"scheduled_time": at.strftime("%Y-%m-%dT%H:%M:%SZ")},
            )
            for _ in range(3)
        ]
    )

    reminders = [
        e for e in emails_to(stack, mentor_client.email) if e["subject"].startswith("Reminder")
    ]
    assert len(reminders) == 3
