"""The registration function driven by API Gateway events: the contract's statuses and bodies."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.support.bodies import mentee_body, mentor_body
from tests.support.lambdas import event, invoke, sample_event

ADMIN = {"sub": "admin-1", "email": "admin@example.org", "cognito:groups": "admins"}
MENTOR_ID = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"


def test_scheme_tells_a_client_the_rules(registration: ModuleType) -> None:
    answer = invoke(registration, sample_event("registration/get_scheme"))
    assert answer.status == 200
    assert answer.body == {
        "code_of_practice_version": "2024.1",
        "code_of_practice_url": "https://example.org/code-of-practice",
        "sessions_limit": 4,
        "response_working_days": 5,
        "eligible_region": "yorkshire_and_humber",
    }


def test_sample_mentee_registration_is_created(registration: ModuleType) -> None:
    answer = invoke(registration, sample_event("registration/post_mentees"))

    assert answer.status == 201
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.body["user_id"] == MENTOR_ID
    assert answer.body["email"] == "chidi.eze@example.org"
    assert answer.body["created_at"].endswith("Z")
    me = invoke(registration, sample_event("registration/get_me"))
    assert me.body["mentee"] == answer.body
    assert me.body["is_admin"] is False


def test_registering_twice_is_409_already_registered(registration: ModuleType) -> None:
    invoke(registration, sample_event("registration/post_mentees"))
    again = invoke(registration, sample_event("registration/post_mentees"))
    assert again.status == 409
    assert again.error_code == "already_registered"


def test_ineligibility_lists_each_reason(registration: ModuleType) -> None:
    answer = invoke(
        registration,
        event(
            "registration/post_mentees",
            body=mentee_body(pmq_country="IE", in_postgraduate_training=False),
        ),
    )
    assert answer.status == 422
    assert answer.error_code == "ineligible"
    assert [d["code"] for d in answer.body["error"]["details"]] == [
        "pmq_uk_or_ireland",
        "not_in_training",
    ]


def test_unknown_fields_are_422_with_one_detail_per_field(registration: ModuleType) -> None:
    answer = invoke(
        registration,
        event("registration/post_mentees", body=mentee_body(status="approved", name="")),
    )
    assert answer.status == 422
    assert answer.error_code == "validation_error"
    fields = {d["field"]: d["code"] for d in answer.body["error"]["details"]}
    assert fields == {"status": "extra_forbidden", "name": "string_too_short"}


def test_validation_errors_never_echo_the_input(registration: ModuleType) -> None:
    secret = "x" * 5000
    answer = invoke(registration, event("registration/post_mentees", body=mentee_body(bio=secret)))
    assert answer.status == 422
    assert secret[:50] not in str(answer.body)


@pytest.mark.parametrize("raw_body", ["{not json", "[1, 2", '{"name": "unterminated'])
def test_malformed_json_is_400_bad_request(registration: ModuleType, raw_body: str) -> None:
    answer = invoke(registration, event("registration/post_mentees", raw_body=raw_body))
    assert answer.status == 400
    assert answer.error_code == "bad_request"


def test_a_json_array_body_is_a_validation_error(registration: ModuleType) -> None:
    answer = invoke(registration, event("registration/post_mentees", raw_body="[1, 2]"))
    assert answer.status == 422


def test_a_missing_body_is_a_validation_error(registration: ModuleType) -> None:
    built = sample_event("registration/post_mentees")
    built["body"] = None
    answer = invoke(registration, built)
    assert answer.status == 422
    assert answer.error_code == "validation_error"


def test_a_body_sent_as_form_encoding_is_still_read_as_json(registration: ModuleType) -> None:
    built = sample_event("registration/post_mentees")
    built["headers"]["Content-Type"] = "application/x-www-form-urlencoded"
    built["multiValueHeaders"]["Content-Type"] = ["application/x-www-form-urlencoded"]
    assert invoke(registration, built).status == 201


def test_a_request_without_claims_is_401(registration: ModuleType) -> None:
    answer = invoke(registration, event("registration/get_me", claims=None))
    assert answer.status == 401
    assert answer.error_code == "unauthenticated"


def test_a_mentee_on_an_admin_route_is_403(registration: ModuleType) -> None:
    answer = invoke(registration, event("registration/get_admin_mentors", groups="mentors"))
    assert answer.status == 403
    assert answer.error_code == "forbidden"


def test_mentor_approval_flow(registration: ModuleType) -> None:
    applied = invoke(registration, sample_event("registration/post_mentors"))
    assert applied.status == 201
    assert applied.body["status"] == "pending_approval"

    pending = invoke(registration, sample_event("registration/get_admin_mentors"))
    assert [m["mentor_id"] for m in pending.body["items"]] == [MENTOR_ID]
    assert pending.body["next_cursor"] is None
    assert pending.body["items"][0]["registration_number"] == "7000001"

    approved = invoke(registration, sample_event("registration/post_admin_approve_mentor"))
    assert approved.status == 200
    assert approved.body["status"] == "approved"

    again = invoke(registration, sample_event("registration/post_admin_approve_mentor"))
    assert again.status == 409
    assert again.error_code == "invalid_transition"

    suspended = invoke(registration, sample_event("registration/post_admin_suspend_mentor"))
    assert suspended.body["status"] == "suspended"


def test_approving_an_unknown_mentor_is_404(registration: ModuleType) -> None:
    answer = invoke(
        registration,
        event("registration/post_admin_approve_mentor", path_parameters={"user_id": "nobody"}),
    )
    assert answer.status == 404
    assert answer.error_code == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [({"status": "famous"}, "status"), ({"limit": "0"}, "limit"), ({"limit": "51"}, "limit")],
)
def test_bad_query_parameters_are_422(
    registration: ModuleType, query: dict[str, str], field: str
) -> None:
    answer = invoke(registration, event("registration/get_admin_mentors", query=query))
    assert answer.status == 422
    assert [d["field"] for d in answer.body["error"]["details"]] == [field]


def test_a_tampered_cursor_is_400(registration: ModuleType) -> None:
    answer = invoke(
        registration, event("registration/get_admin_mentors", query={"cursor": "eyJoYWNrIjoxfQ"})
    )
    assert answer.status == 400
    assert answer.error_code == "bad_request"


def test_sample_profile_updates(registration: ModuleType) -> None:
    invoke(registration, sample_event("registration/post_mentees"))
    invoke(registration, sample_event("registration/post_mentors"))

    mentee = invoke(registration, sample_event("registration/patch_me_mentee"))
    assert mentee.status == 200
    assert mentee.body["placement_site"] == "York Hospital"
    mentor = invoke(registration, sample_event("registration/patch_me_mentor"))
    assert (mentor.body["accepting_requests"], mentor.body["capacity"]) == (False, 3)


def test_a_patch_cannot_change_status(registration: ModuleType) -> None:
    invoke(registration, sample_event("registration/post_mentors"))
    answer = invoke(
        registration, event("registration/patch_me_mentor", body={"status": "approved"})
    )
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "status"


def test_patching_a_profile_you_do_not_have_is_404(registration: ModuleType) -> None:
    answer = invoke(registration, sample_event("registration/patch_me_mentee"))
    assert answer.status == 404


def test_training_date_in_the_future_is_422(registration: ModuleType) -> None:
    answer = invoke(
        registration,
        event("registration/post_mentors", body=mentor_body(training_completed_on="2099-01-01")),
    )
    assert answer.status == 422
    assert answer.body["error"]["details"][0]["field"] == "training_completed_on"


def test_an_unknown_route_is_404_in_the_contracts_body(registration: ModuleType) -> None:
    built = sample_event("registration/get_me")
    built["path"] = built["resource"] = "/nowhere"
    answer = invoke(registration, built)
    assert answer.status == 404
    assert answer.error_code == "not_found"
