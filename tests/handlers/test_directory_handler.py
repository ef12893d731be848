"""The directory function driven by API Gateway events."""

from __future__ import annotations

from types import ModuleType

from tests.support.bodies import mentor_body
from tests.support.lambdas import event, invoke, sample_event

ADMIN_GROUPS = "admins"


def approved_mentor(registration: ModuleType, sub: str, **fields: object) -> None:
    invoke(registration, event("registration/post_mentors", body=mentor_body(**fields), sub=sub))
    approval = invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor",
            path_parameters={"user_id": sub},
            sub="admin",
            groups=ADMIN_GROUPS,
        ),
    )
    assert approval.status == 200


def test_sample_search_finds_matching_mentors_with_public_fields_only(
    registration: ModuleType, directory: ModuleType
) -> None:
    approved_mentor(registration, "m1", name="Dr Priya Nair", specialty="Cardiology")
    approved_mentor(registration, "m2", name="Dr Ola Bello", specialty="Surgery")

    answer = invoke(directory, sample_event("directory/get_mentors"))

    assert answer.status == 200
    assert [m["name"] for m in answer.body["items"]] == ["Dr Priya Nair"]
    assert "email" not in answer.body["items"][0]
    assert "registration_number" not in answer.body["items"][0]
    assert answer.body["next_cursor"] is None


def test_include_full_and_profession_filters_are_parsed_from_the_query(
    registration: ModuleType, directory: ModuleType
) -> None:
    approved_mentor(registration, "m1", name="Dr Dentist", profession="dentist")
    answer = invoke(
        directory,
        event("directory/get_mentors", query={"profession": "dentist", "include_full": "true"}),
    )
    assert [m["name"] for m in answer.body["items"]] == ["Dr Dentist"]
    bad = invoke(directory, event("directory/get_mentors", query={"profession": "vet"}))
    assert bad.status == 422


def test_one_public_profile(registration: ModuleType, directory: ModuleType) -> None:
    approved_mentor(registration, "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31")
    answer = invoke(directory, sample_event("directory/get_mentor"))
    assert answer.status == 200
    assert answer.body["mentor_id"] == "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"
    assert answer.body["available"] is True


def test_a_mentor_awaiting_approval_is_404(registration: ModuleType, directory: ModuleType) -> None:
    invoke(registration, sample_event("registration/post_mentors"))
    answer = invoke(directory, sample_event("directory/get_mentor"))
    assert answer.status == 404
    assert answer.error_code == "not_found"
