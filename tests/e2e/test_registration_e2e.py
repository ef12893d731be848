"""Registration over HTTP against the local stack, with real sign-up and sign-in."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.bodies import mentee_body, mentor_body
from tests.support.clients import Client
from tests.support.http import request
from tests.support.stack import RunningStack


def test_a_new_trainee_signs_up_registers_and_sees_their_profile(
    new_user: Callable[[], Client],
) -> None:
    trainee = new_user()

    registered = trainee.call("POST", "/mentees", mentee_body())

    assert registered.status == 201
    assert registered.body["email"] == trainee.email
    me = trainee.call("GET", "/me")
    assert me.status == 200
    assert me.body["email"] == trainee.email
    assert me.body["is_admin"] is False
    assert me.body["mentee"]["name"] == "Dr Chidi Eze"
    assert me.body["mentor"] is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"pmq_country": "GB"}, "pmq_uk_or_ireland"),
        ({"pmq_country": "IE"}, "pmq_uk_or_ireland"),
        ({"pmq_country": "GB-SCT"}, "pmq_uk_or_ireland"),
        ({"region": "london"}, "outside_region"),
        ({"in_postgraduate_training": False}, "not_in_training"),
        ({"code_of_practice_version": "2019.1"}, "code_of_practice_not_accepted"),
    ],
)
def test_each_eligibility_rule_gives_its_reason(
    new_user: Callable[[], Client], change: dict[str, object], reason: str
) -> None:
    answer = new_user().call("POST", "/mentees", mentee_body(**change))
    assert answer.status == 422
    assert answer.error_code == "ineligible"
    assert [d["code"] for d in answer.body["error"]["details"]] == [reason]


def test_registering_twice_is_a_conflict(new_user: Callable[[], Client]) -> None:
    trainee = new_user()
    assert trainee.call("POST", "/mentees", mentee_body()).status == 201
    again = trainee.call("POST", "/mentees", mentee_body())
    assert again.status == 409
    assert again.error_code == "already_registered"


def test_a_client_cannot_set_fields_it_does_not_own(new_user: Callable[[], Client]) -> None:
    answer = new_user().call("POST", "/mentors", mentor_body(status="approved", user_id="x"))
    assert answer.status == 422
    assert answer.error_code == "validation_error"
    assert {d["field"] for d in answer.body["error"]["details"]} == {"status", "user_id"}


def test_malformed_json_is_a_bad_request(new_user: Callable[[], Client]) -> None:
    answer = new_user().call(
        "POST", "/mentees", raw_body=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert answer.status == 400
    assert answer.error_code == "bad_request"


def test_the_mentor_approval_flow(new_user: Callable[[], Client], admin: Client) -> None:
    applicant = new_user()
    applied = applicant.call(
        "POST", "/mentors", mentor_body(name="Dr Zainab Ahmed", specialty="Haematology")
    )
    assert applied.status == 201
    mentor_id = applied.body["mentor_id"]
    assert applied.body["status"] == "pending_approval"

    def in_directory() -> bool:
        found = applicant.call("GET", "/mentors?specialty=Haematology")
        return mentor_id in [m["mentor_id"] for m in found.body["items"]]

    assert not in_directory()
    assert applicant.call("GET", f"/mentors/{mentor_id}").status == 404

    pending = admin.call("GET", "/admin/mentors?status=pending_approval&limit=50")
    assert mentor_id in [m["mentor_id"] for m in pending.body["items"]]

    approved = admin.call("POST", f"/admin/mentors/{mentor_id}/approve")
    assert approved.status == 200
    assert approved.body["status"] == "approved"
    assert in_directory()
    assert applicant.call("GET", "/me").body["mentor"]["status"] == "approved"

    suspended = admin.call("POST", f"/admin/mentors/{mentor_id}/suspend")
    assert suspended.body["status"] == "suspended"
    assert not in_directory()
    assert applicant.call("GET", f"/mentors/{mentor_id}").status == 404


def test_a_mentor_updates_their_profile(new_user: Callable[[], Client]) -> None:
    mentor = new_user()
    mentor.call("POST", "/mentors", mentor_body())
    updated = mentor.call("PATCH", "/me/mentor", {"capacity": 4, "accepting_requests": False})
    assert updated.status == 200
    assert (updated.body["capacity"], updated.body["accepting_requests"]) == (4, False)


def test_no_token_is_401(stack: RunningStack) -> None:
    answer = request("GET", stack.api_url + "/me")
    assert answer.status == 401
    assert answer.error_code == "unauthenticated"


def test_a_forged_token_is_401(stack: RunningStack, demo_mentee: Client) -> None:
    header, payload, signature = demo_mentee.token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    answer = request("GET", stack.api_url + "/me", token=forged)
    assert answer.status == 401
    assert request("GET", stack.api_url + "/me", token="not-a-jwt").status == 401


def test_a_token_without_bearer_prefix_is_accepted(
    stack: RunningStack, demo_mentee: Client
) -> None:
    answer = request("GET", stack.api_url + "/me", headers={"Authorization": demo_mentee.token})
    assert answer.status == 200


def test_a_mentee_on_admin_routes_is_403(demo_mentee: Client) -> None:
    assert demo_mentee.call("GET", "/admin/mentors").status == 403
    answer = demo_mentee.call("POST", "/admin/mentors/anyone/approve")
    assert answer.status == 403
    assert answer.error_code == "forbidden"


def test_the_administrator_is_recognised_from_the_admins_group(admin: Client) -> None:
    assert admin.call("GET", "/me").body["is_admin"] is True


def test_an_unknown_route_is_404_in_the_contracts_body(demo_mentee: Client) -> None:
    answer = demo_mentee.call("GET", "/no-such-thing")
    assert answer.status == 404
    assert answer.body == {
        "error": {"code": "not_found", "message": "No such resource.", "details": []}
    }


def test_scheme_information(demo_mentee: Client) -> None:
    answer = demo_mentee.call("GET", "/scheme")
    assert answer.body["sessions_limit"] == 4
    assert answer.body["response_working_days"] == 5
    assert answer.body["eligible_region"] == "yorkshire_and_humber"
