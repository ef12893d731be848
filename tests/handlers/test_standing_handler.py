"""The standing routes of the registration function, driven by API Gateway events: every new
route by every role, and the answers' shapes."""

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
AS_MENTEE: dict[str, Any] = {"sub": MENTEE, "groups": ""}
AS_MENTOR: dict[str, Any] = {"sub": MENTOR, "groups": "", "email": "priya@example.org"}
SIGNED_OUT: dict[str, Any] = {"claims": None}


@pytest.fixture
def people(registration: ModuleType) -> None:
    """The sample caller as a mentee, and an approved mentor."""
    invoke(registration, event("registration/post_mentees", body=mentee_body()))
    invoke(registration, event("registration/post_mentors", body=mentor_body(), **AS_MENTOR))
    invoke(
        registration,
        event(
            "registration/post_admin_approve_mentor", path_parameters={"user_id": MENTOR}, **ADMIN
        ),
    )


@pytest.mark.usefixtures("people")
def test_a_mentor_sees_their_standing(registration: ModuleType) -> None:
    answer = invoke(registration, event("registration/get_me_standing", **AS_MENTOR))

    assert answer.status == 200
    assert set(answer.body) == {
        "standing",
        "reasons",
        "code_of_practice",
        "training",
        "supervision",
    }
    assert (answer.body["standing"], answer.body["reasons"]) == ("good", [])
    assert answer.body["training"] == {"completed_on": "2026-02-14", "valid_until": "2028-02-14"}
    assert answer.body["code_of_practice"] == {
        "agreed_version": "2024.1",
        "current_version": "2024.1",
        "agree_by": None,
    }
    mentee = invoke(registration, event("registration/get_me_standing")).body
    assert (mentee["training"], mentee["supervision"]) == (None, None)


@pytest.mark.usefixtures("people")
def test_a_new_code_is_published_announced_and_agreed(registration: ModuleType) -> None:
    published = invoke(registration, event("registration/post_admin_code_of_practice"))
    again = invoke(registration, event("registration/post_admin_code_of_practice"))
    stale = invoke(registration, event("registration/post_me_code_of_practice"))
    agreed = invoke(
        registration, event("registration/post_me_code_of_practice", body={"version": "2026.2"})
    )

    assert published.status == 201
    assert set(published.body) == {"version", "url", "summary", "published_at", "agree_by"}
    assert (again.status, again.body["error"]["code"]) == (409, "version_exists")
    assert (stale.status, stale.body["error"]["code"]) == (409, "not_current_version")
    assert (agreed.status, agreed.body["standing"]) == (200, "good")
    assert (
        invoke(registration, event("registration/get_scheme")).body["code_of_practice_version"]
        == "2026.2"
    )
    announced = [e for e in sent_emails() if e["subject"] == "A new Code of Practice to agree to"]
    assert sorted(e["to"][0] for e in announced) == ["chidi.eze@example.org", "priya@example.org"]


@pytest.mark.usefixtures("people")
def test_training_and_supervision_are_recorded(registration: ModuleType) -> None:
    training = invoke(registration, event("registration/post_admin_training"))
    supervision = invoke(registration, event("registration/post_admin_supervision"))
    not_a_mentor = invoke(
        registration,
        event(
            "registration/post_admin_supervision",
            body={"held_on": "2026-11-20", "attendees": [MENTOR, MENTEE]},
        ),
    )

    assert training.status == 201
    assert set(training.body) == {
        "training_id",
        "mentor_id",
        "course",
        "completed_on",
        "recorded_at",
    }
    assert (supervision.status, supervision.body["attendees"]) == (201, [MENTOR])
    assert not_a_mentor.status == 422
    assert [d["code"] for d in not_a_mentor.body["error"]["details"]] == ["not_a_mentor"]
    standing = invoke(registration, event("registration/get_me_standing", **AS_MENTOR)).body
    assert standing["training"]["valid_until"] == "2028-11-20"
    assert standing["supervision"]["last_attended_on"] == "2026-11-20"


def test_an_application_is_declined(registration: ModuleType) -> None:
    invoke(registration, event("registration/post_mentors", body=mentor_body(), **AS_MENTOR))

    declined = invoke(registration, event("registration/post_admin_decline_mentor"))
    again = invoke(registration, event("registration/post_admin_decline_mentor"))

    assert (declined.status, declined.body["status"]) == (200, "declined")
    assert (again.status, again.body["error"]["code"]) == (409, "invalid_transition")
    (email,) = [e for e in sent_emails() if e["subject"] == "Your peer mentor application"]
    assert "We have enough mentors in cardiology this year." in email["text"]


@pytest.mark.parametrize(
    ("name", "caller", "status"),
    [
        ("registration/get_me_standing", AS_MENTEE, 200),
        ("registration/get_me_standing", AS_MENTOR, 200),
        ("registration/get_me_standing", {"sub": "nobody", "groups": ""}, 403),
        ("registration/get_me_standing", SIGNED_OUT, 401),
        ("registration/post_me_code_of_practice", AS_MENTEE, 200),
        ("registration/post_me_code_of_practice", AS_MENTOR, 200),
        ("registration/post_me_code_of_practice", SIGNED_OUT, 401),
        ("registration/post_admin_code_of_practice", ADMIN, 201),
        ("registration/post_admin_code_of_practice", AS_MENTEE, 403),
        ("registration/post_admin_code_of_practice", AS_MENTOR, 403),
        ("registration/post_admin_code_of_practice", SIGNED_OUT, 401),
        ("registration/post_admin_training", ADMIN, 201),
        ("registration/post_admin_training", AS_MENTEE, 403),
        ("registration/post_admin_training", AS_MENTOR, 403),
        ("registration/post_admin_training", SIGNED_OUT, 401),
        ("registration/post_admin_supervision", ADMIN, 201),
        ("registration/post_admin_supervision", AS_MENTEE, 403),
        ("registration/post_admin_supervision", AS_MENTOR, 403),
        ("registration/post_admin_supervision", SIGNED_OUT, 401),
        ("registration/post_admin_decline_mentor", ADMIN, 409),  # already approved
        ("registration/post_admin_decline_mentor", AS_MENTEE, 403),
        ("registration/post_admin_decline_mentor", AS_MENTOR, 403),
        ("registration/post_admin_decline_mentor", SIGNED_OUT, 401),
    ],
)
@pytest.mark.usefixtures("people")
def test_who_may_call_each_route(
    registration: ModuleType, name: str, caller: dict[str, Any], status: int
) -> None:
    assert invoke(registration, event(name, **caller)).status == status


@pytest.mark.usefixtures("people")
def test_the_administrator_filters_mentors_by_standing(registration: ModuleType) -> None:
    good = invoke(
        registration, event("registration/get_admin_mentors", query={"standing": "good"}, **ADMIN)
    )
    lapsed = invoke(
        registration, event("registration/get_admin_mentors", query={"standing": "lapsed"}, **ADMIN)
    )
    bad = invoke(
        registration, event("registration/get_admin_mentors", query={"standing": "meh"}, **ADMIN)
    )
    assert [m["mentor_id"] for m in good.body["items"]] == [MENTOR]
    assert good.body["items"][0]["standing"] == "good"
    assert lapsed.body["items"] == []
    assert bad.status == 422
