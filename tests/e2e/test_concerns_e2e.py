"""Raising a concern over HTTP on the local stack: the mentee raises one about their match,
the administrator reads and answers it, and the inbox holds what each person was told."""

from __future__ import annotations

from tests.e2e.test_matching_e2e import MakeUser, mentee, mentor
from tests.support.clients import Client
from tests.support.local_pages import emails_to
from tests.support.stack import RunningStack

TEXT = "My mentor has missed our last three meetings without a word (E2E-CONCERN)."


def test_a_concern_reaches_the_administrator_and_only_its_raiser_hears_back(
    stack: RunningStack, new_user: MakeUser, admin: Client
) -> None:
    trainee = mentee(new_user)
    mentor_client, mentor_id = mentor(new_user, admin)
    request_id = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body[
        "request_id"
    ]
    match_id = mentor_client.call("POST", f"/match-requests/{request_id}/accept").body["match_id"]

    raised = trainee.call(
        "POST",
        "/concerns",
        {"category": "professional_conduct", "description": TEXT, "about_match_id": match_id},
    )
    assert raised.status == 201
    concern_id = raised.body["concern_id"]
    assert (
        mentor_client.call(
            "POST", "/concerns", {"category": "other", "description": "x", "about_match_id": "nope"}
        ).status
        == 404
    )

    listed = admin.call("GET", "/admin/concerns?status=open").body["items"]
    assert concern_id in [c["concern_id"] for c in listed]
    answered = admin.call(
        "POST",
        f"/admin/concerns/{concern_id}/respond",
        {"response": "I have contacted your mentor (E2E-ANSWER).", "status": "in_progress"},
    )
    assert answered.body["status"] == "in_progress"
    (mine,) = trainee.call("GET", "/me/concerns").body["items"]
    assert (mine["status"], mine["response"]) == (
        "in_progress",
        "I have contacted your mentor (E2E-ANSWER).",
    )

    to_trainee = {e["subject"] for e in emails_to(stack, trainee.email)}
    assert {"We have received your concern", "There is an update on your concern"} <= to_trainee
    assert not [e for e in emails_to(stack, mentor_client.email) if "concern" in e["subject"]]
    for email in emails_to(stack, trainee.email):
        assert "E2E-" not in email["text"] + email["html"]
    assert trainee.call("GET", "/me/export").body["concerns_raised"][0]["concern_id"] == concern_id
