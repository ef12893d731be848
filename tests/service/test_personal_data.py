"""A copy of everything stored about a person (export) comes from their two index partitions
(GSI5 and GSI6, mentoring.data.personal_data): complete for both roles, two reads however long
their history, and nothing is found there under an erased person's id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from mentoring.domain.models import MeetingCreate, SessionCreate
from mentoring.domain.principal import Principal
from mentoring.domain.records import MeetingStatus
from tests.service.test_privacy import SESSION, every_item, history
from tests.support.scheme import Scheme

FRIDAY_2PM = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def a_meeting(scheme: Scheme, proposer: Principal, match_id: str) -> str:
    body = MeetingCreate.model_validate(
        {
            "starts_at": FRIDAY_2PM.isoformat(),
            "duration_minutes": 45,
            "mode": "virtual",
            "video_link": "https://meet.example.org/PRIVATE-LINK",
            "note": "PRIVATE-NOTE about the portfolio",
        }
    )
    return scheme.meetings.propose(proposer, match_id, body).meeting_id


@contextmanager
def dynamodb_calls(aws: Any) -> Iterator[list[str]]:
    """The DynamoDB operations made inside the block, in order."""
    made: list[str] = []

    def record(model: Any, **_: Any) -> None:
        made.append(model.name)

    aws.meta.events.register("before-call.dynamodb", record)
    try:
        yield made
    finally:
        aws.meta.events.unregister("before-call.dynamodb", record)


def test_a_mentors_copy_holds_what_they_received_and_their_matches(scheme: Scheme) -> None:
    people = history(scheme)
    mentor = people["mentor"]
    a_meeting(scheme, mentor, scheme.match(mentor=mentor).match_id)

    exported = scheme.privacy.export(mentor)

    # The second match's request carried no message (the scheme's clock stands still, so the
    # two are equally old).
    assert sorted(r["message"] for r in exported["match_requests"]) == ["", "PRIVATE-MESSAGE-2"]
    assert [m["mentor_id"] for m in exported["matches"]] == [mentor.user_id] * 2
    assert [s["session_number"] for s in exported["sessions"]] == [1, 2]
    assert [m["note"] for m in exported["meetings"]] == ["PRIVATE-NOTE about the portfolio"]
    assert exported["evaluations_given"] == []
    assert exported["mentor_feedback"]["evaluations"] == 1
    assert exported["mentee_profile"] is None
    assert exported["daily_request_counts"] == []


def test_both_parties_copies_hold_their_meetings(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match_id = scheme.match(mentee, mentor).match_id
    meeting_id = a_meeting(scheme, mentee, match_id)
    scheme.meetings.confirm(mentor, match_id, meeting_id)

    for person in (mentee, mentor):
        (kept,) = scheme.privacy.export(person)["meetings"]
        assert (kept["meeting_id"], kept["status"]) == (meeting_id, MeetingStatus.CONFIRMED)
        assert kept["video_link"] == "https://meet.example.org/PRIVATE-LINK"


def test_a_copy_takes_two_reads_however_many_matches(scheme: Scheme, aws: Any) -> None:
    mentor = scheme.mentor()
    for _ in range(3):  # one after another: more than the mentor's places
        match = scheme.match(mentor=mentor)
        scheme.sessions.log(mentor, match.match_id, SessionCreate.model_validate(SESSION))
        a_meeting(scheme, mentor, match.match_id)
        scheme.matches.end(mentor, match.match_id)

    with dynamodb_calls(aws) as made:
        exported = scheme.privacy.export(mentor)

    assert made == ["Query", "Query"]
    assert (len(exported["matches"]), len(exported["sessions"])) == (3, 3)
    assert len(exported["meetings"]) == 3


def test_nothing_is_found_under_an_erased_mentors_id(scheme: Scheme, aws: Any) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match_id = scheme.match(mentee, mentor).match_id
    scheme.sessions.log(mentor, match_id, SessionCreate.model_validate(SESSION))
    a_meeting(scheme, mentor, match_id)
    a_meeting(scheme, mentee, match_id)

    scheme.privacy.erase(mentor)
    scheme.deliver_notifications()  # the emails it caused are sent (and then hold no words)

    assert mentor.user_id not in json.dumps(every_item(aws), default=str)
    kept = scheme.privacy.export(mentee)  # the mentee's own copy is whole
    assert [m["match_id"] for m in kept["matches"]] == [match_id]
    assert kept["sessions"][0]["summary"] == SESSION["summary"]
    assert len(kept["meetings"]) == 2
    assert "PRIVATE-NOTE about the portfolio" in json.dumps(kept["meetings"])  # theirs stays


def test_nothing_is_found_under_an_erased_mentees_id(scheme: Scheme, aws: Any) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor()
    match_id = scheme.match(mentee, mentor).match_id
    scheme.sessions.log(mentor, match_id, SessionCreate.model_validate(SESSION))
    a_meeting(scheme, mentee, match_id)

    scheme.privacy.erase(mentee)
    scheme.deliver_notifications()

    assert mentee.user_id not in json.dumps(every_item(aws), default=str)
    kept = scheme.privacy.export(mentor)
    assert [s["summary"] for s in kept["sessions"]] == ["(erased)"]
    (meeting,) = kept["meetings"]
    assert (meeting["proposed_by"], meeting["note"], meeting["video_link"]) == (
        "erased",
        None,
        None,
    )
