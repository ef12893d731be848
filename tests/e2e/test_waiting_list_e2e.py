"""A full mentor's waiting list over HTTP on the local stack: joining, a place offered and held,
the offer lapsing at the schedule and passing on, and the next mentee taking it up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.e2e.test_matching_e2e import MakeUser, mentee, mentor
from tests.support.clients import Client
from tests.support.clock import first_run_after
from tests.support.local_pages import emails_to, run_schedule
from tests.support.stack import RunningStack


def offer_emails(stack: RunningStack, client: Client) -> list[dict[str, Any]]:
    return [e for e in emails_to(stack, client.email) if "is held for you" in e["subject"]]


def test_a_place_is_offered_held_lapses_and_passes_on(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    mentor_client, mentor_id = mentor(new_user, admin, name="Dr Ngozi Adeyemi", capacity=1)
    matched = mentee(new_user)
    request_id = matched.call("POST", "/match-requests", {"mentor_id": mentor_id}).body[
        "request_id"
    ]
    match = mentor_client.call("POST", f"/match-requests/{request_id}/accept").body
    first, second, stranger = (mentee(new_user) for _ in range(3))

    assert first.call("POST", f"/mentors/{mentor_id}/waiting-list").body["position"] == 1
    assert second.call("POST", f"/mentors/{mentor_id}/waiting-list").body["position"] == 2
    assert mentor_client.call("POST", f"/matches/{match['match_id']}/end").status == 200

    (offer,) = first.call("GET", "/me/waiting-lists").body["items"]
    assert offer["status"] == "offered"
    assert offer_emails(stack, first)
    refused = stranger.call("POST", "/match-requests", {"mentor_id": mentor_id})
    assert (refused.status, refused.body["error"]["code"]) == (409, "mentor_unavailable")
    assert stranger.call("GET", f"/mentors/{mentor_id}").body["available"] is False
    line = admin.call("GET", f"/admin/mentors/{mentor_id}/waiting-list").body["items"]
    assert [entry["status"] for entry in line] == ["offered", "waiting"]

    run = first_run_after(datetime.fromisoformat(offer["offer_expires_at"]))
    assert run_schedule(stack, run)["offers_lapsed"] >= 1
    assert first.call("GET", "/me/waiting-lists").body["items"] == []
    assert any("has passed on" in e["subject"] for e in emails_to(stack, first.email))
    (passed_on,) = second.call("GET", "/me/waiting-lists").body["items"]
    assert (passed_on["status"], passed_on["position"]) == ("offered", 1)
    assert offer_emails(stack, second)

    taken = second.call("POST", "/match-requests", {"mentor_id": mentor_id})
    assert taken.status == 201
    accepted = mentor_client.call("POST", f"/match-requests/{taken.body['request_id']}/accept")
    assert accepted.status == 200
    assert second.call("GET", "/me/waiting-lists").body["items"] == []
    export = second.call("GET", "/me/export").body
    assert export["waiting_lists"] == []
