"""The concerns function, driven by API Gateway events: every route by every role, the
answers' shapes, the emails that follow, and what the logs never hold."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import redirect_stdout
from types import ModuleType
from typing import Any

import pytest

from tests.handlers.conftest import sent_emails
from tests.support.bodies import mentee_body, mentor_body
from tests.support.lambdas import event, invoke
from tests.support.logs import captured_logs

MENTEE = "5f1c7b9e-3a52-4f1e-9d0c-2b7a8e6f4d31"  # the sample events' caller
MENTOR = "4c2a9e1f-7b3d-4f5a-8e6c-0d2b4a6c8e1f"
ADMIN: dict[str, Any] = {"sub": "admin", "groups": "admins"}
AS_MENTEE: dict[str, Any] = {"sub": MENTEE, "groups": ""}
AS_MENTOR: dict[str, Any] = {"sub": MENTOR, "groups": "", "email": "priya@example.org"}
NOBODY: dict[str, Any] = {"sub": "not-registered", "groups": ""}
SIGNED_OUT: dict[str, Any] = {"claims": None}
TEXT = "CONCERN-TEXT: I am worried about how my mentee is coping on nights."
ANSWER = "ANSWER-TEXT: the educational supervisor will follow this up."


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


def raised(concerns: ModuleType, **caller: Any) -> dict[str, Any]:
    answer = invoke(
        concerns,
        event(
            "concerns/post_concerns", body={"category": "wellbeing", "description": TEXT}, **caller
        ),
    )
    assert answer.status == 201, answer.body
    body: dict[str, Any] = answer.body
    return body


def at(concern_id: str) -> dict[str, Any]:
    return {"path_parameters": {"concern_id": concern_id}}


@pytest.mark.usefixtures("people")
def test_a_concern_is_raised_read_and_answered(concerns: ModuleType) -> None:
    concern = raised(concerns)

    assert set(concern) == {
        "concern_id",
        "category",
        "description",
        "about_match_id",
        "status",
        "created_at",
        "response",
        "responded_at",
    }
    assert (concern["status"], concern["response"], concern["about_match_id"]) == (
        "open",
        None,
        None,
    )
    listed = invoke(concerns, event("concerns/get_admin_concerns", **ADMIN)).body["items"]
    assert [(c["concern_id"], c["raiser_id"]) for c in listed] == [(concern["concern_id"], MENTEE)]
    one = invoke(
        concerns, event("concerns/get_admin_concern", **at(concern["concern_id"]), **ADMIN)
    )
    assert one.body["raiser_name"] == "Dr Chidi Eze"
    answered = invoke(
        concerns,
        event(
            "concerns/post_admin_respond",
            body={"response": ANSWER, "status": "closed"},
            **at(concern["concern_id"]),
            **ADMIN,
        ),
    )
    assert (answered.status, answered.body["status"]) == (200, "closed")
    mine = invoke(concerns, event("concerns/get_my_concerns")).body["items"]
    assert [(c["status"], c["response"]) for c in mine] == [("closed", ANSWER)]
    again = invoke(
        concerns,
        event(
            "concerns/post_admin_respond",
            body={"response": "more", "status": "in_progress"},
            **at(concern["concern_id"]),
            **ADMIN,
        ),
    )
    assert (again.status, again.body["error"]["code"]) == (409, "invalid_transition")
    subjects = sorted(e["subject"] for e in sent_emails() if "concern" in e["subject"])
    assert subjects == [
        "A concern has been raised (wellbeing)",
        "There is an update on your concern",
        "We have received your concern",
    ]
    assert all("TEXT" not in json.dumps(e) for e in sent_emails())


@pytest.mark.parametrize(
    ("name", "caller", "status"),
    [
        ("concerns/post_concerns", AS_MENTEE, 201),
        ("concerns/post_concerns", AS_MENTOR, 201),
        ("concerns/post_concerns", NOBODY, 403),
        ("concerns/post_concerns", SIGNED_OUT, 401),
        ("concerns/get_my_concerns", AS_MENTEE, 200),
        ("concerns/get_my_concerns", AS_MENTOR, 200),
        ("concerns/get_my_concerns", SIGNED_OUT, 401),
        ("concerns/get_admin_concerns", ADMIN, 200),
        ("concerns/get_admin_concerns", AS_MENTEE, 403),
        ("concerns/get_admin_concerns", AS_MENTOR, 403),
        ("concerns/get_admin_concerns", SIGNED_OUT, 401),
        ("concerns/get_admin_concern", ADMIN, 200),
        ("concerns/get_admin_concern", AS_MENTEE, 403),
        ("concerns/get_admin_concern", AS_MENTOR, 403),
        ("concerns/get_admin_concern", SIGNED_OUT, 401),
        ("concerns/post_admin_respond", ADMIN, 200),
        ("concerns/post_admin_respond", AS_MENTEE, 403),
        ("concerns/post_admin_respond", AS_MENTOR, 403),
        ("concerns/post_admin_respond", SIGNED_OUT, 401),
    ],
)
@pytest.mark.usefixtures("people")
def test_who_may_call_each_route(
    concerns: ModuleType, name: str, caller: dict[str, Any], status: int
) -> None:
    concern_id = raised(concerns)["concern_id"]
    place = at(concern_id) if "admin_concern" in name or "respond" in name else {}
    assert invoke(concerns, event(name, **place, **caller)).status == status


@pytest.mark.usefixtures("people")
def test_mentees_and_mentors_see_only_their_own(concerns: ModuleType) -> None:
    raised(concerns, **AS_MENTEE)
    mentors = raised(concerns, **AS_MENTOR)

    mine = invoke(concerns, event("concerns/get_my_concerns", **AS_MENTOR)).body["items"]

    assert [c["concern_id"] for c in mine] == [mentors["concern_id"]]


@pytest.mark.usefixtures("people")
def test_a_match_the_caller_is_not_part_of_is_404_and_an_unknown_concern_too(
    concerns: ModuleType,
) -> None:
    about_other = invoke(
        concerns,
        event(
            "concerns/post_concerns",
            body={"category": "other", "description": "x", "about_match_id": "someone-elses"},
        ),
    )
    unknown = invoke(concerns, event("concerns/get_admin_concern", **at("nope"), **ADMIN))
    assert (about_other.status, unknown.status) == (404, 404)


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    "body",
    [
        {"category": "gossip", "description": "x"},
        {"category": "other", "description": ""},
        {"category": "other", "description": "x" * 4001},
        {"category": "other", "description": "x", "status": "closed"},
    ],
    ids=["category", "empty", "too-long", "unknown-field"],
)
def test_a_bad_concern_is_422_naming_nothing_of_its_text(
    concerns: ModuleType, body: dict[str, Any]
) -> None:
    answer = invoke(concerns, event("concerns/post_concerns", body=body))
    assert answer.status == 422
    assert "x" * 50 not in answer.text


@pytest.mark.usefixtures("people")
def test_no_concern_text_reaches_the_logs(concerns: ModuleType) -> None:
    printed = io.StringIO()
    with captured_logs() as logs, redirect_stdout(printed):
        concern = raised(concerns)
        invoke(concerns, event("concerns/get_admin_concerns", **ADMIN))
        invoke(
            concerns,
            event(
                "concerns/post_admin_respond",
                body={"response": ANSWER, "status": "in_progress"},
                **at(concern["concern_id"]),
                **ADMIN,
            ),
        )
        invoke(concerns, event("concerns/get_my_concerns"))
        sent_emails()
    everything = logs.getvalue() + printed.getvalue()

    assert concern["concern_id"] in everything
    assert "TEXT" not in everything
    audits = [line for line in _json_lines(everything) if line.get("audit")]
    assert {(a["admin_id"], tuple(a["concern_ids"])) for a in audits} == {
        ("admin", (concern["concern_id"],))
    }


def _json_lines(text: str) -> Iterator[dict[str, Any]]:
    for line in text.splitlines():
        if line.startswith("{"):
            yield json.loads(line)
