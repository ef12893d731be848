"""Data protection: export is complete; erasure leaves nothing personal in the table."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from mentoring.data.dynamo import from_raw
from mentoring.domain.models import (
    DeclineBody,
    EvaluationCreate,
    MatchRequestCreate,
    MatchRequestView,
    MatchView,
    MeetingCreate,
    MeetingView,
    MenteeNotes,
    SessionCreate,
    SessionView,
)
from mentoring.domain.paging import PageRequest
from tests.conftest import TABLE_NAME
from tests.support.scheme import Scheme

SESSION = {
    "held_on": "2026-11-25",
    "mode": "virtual",
    "duration_minutes": 40,
    "summary": "PRIVATE-SUMMARY about visa worries",
    "actions": "PRIVATE-ACTIONS",
    "topics": ["PRIVATE-TOPIC"],
}


def every_item(aws: Any) -> list[dict[str, Any]]:
    """The whole table, read back (a scan: in a test only, never in the product)."""
    items: list[dict[str, Any]] = []
    arguments: dict[str, Any] = {"TableName": TABLE_NAME}
    while True:
        page = aws.scan(**arguments)
        items += [from_raw(raw) for raw in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def history(scheme: Scheme) -> dict[str, Any]:
    """A mentee with a full history: an old declined request, a match with two sessions that
    ended and was evaluated, and a new pending request; and their mentor."""
    mentee = scheme.mentee("Dr Farida Rahman", registration_number="7777777", bio="PRIVATE-BIO")
    mentor = scheme.mentor("Dr Mentor Kept")
    other = scheme.mentor("Dr Other Mentor")
    declined = scheme.request(mentee, other, "PRIVATE-MESSAGE-1")
    scheme.answers.decline(other, declined.request_id, DeclineBody(reason="PRIVATE-REASON"))
    match = scheme.answers.accept(
        mentor, scheme.request(mentee, mentor, "PRIVATE-MESSAGE-2").request_id
    )
    for _ in range(2):
        scheme.sessions.log(mentor, match.match_id, SessionCreate.model_validate(SESSION))
    scheme.sessions.add_notes(mentee, match.match_id, 1, MenteeNotes(mentee_notes="PRIVATE-NOTES"))
    scheme.matches.end(mentee, match.match_id)
    scheme.evaluations.submit(
        mentee,
        match.match_id,
        EvaluationCreate(
            overall_rating=4,
            mentor_support_rating=5,
            would_recommend=True,
            helped_with=["wellbeing"],
            comments="PRIVATE-COMMENTS",
        ),
    )
    third = scheme.mentor("Dr Third Mentor")
    pending = scheme.request(mentee, third, "PRIVATE-MESSAGE-3")
    return {
        "mentee": mentee,
        "mentor": mentor,
        "third": third,
        "match_id": match.match_id,
        "pending": pending.request_id,
    }


def test_export_holds_everything_stored_about_the_mentee(scheme: Scheme) -> None:
    people = history(scheme)
    exported = scheme.privacy.export(people["mentee"])

    json.dumps(exported)  # one JSON document
    assert exported["account"]["user_id"] == people["mentee"].user_id
    assert exported["mentee_profile"]["registration_number"] == "7777777"
    assert exported["mentor_profile"] is None
    assert {r["message"] for r in exported["match_requests"]} == {
        "PRIVATE-MESSAGE-1",
        "PRIVATE-MESSAGE-2",
        "PRIVATE-MESSAGE-3",
    }
    assert [m["match_id"] for m in exported["matches"]] == [people["match_id"]]
    assert len(exported["sessions"]) == 2
    assert exported["sessions"][0]["mentee_notes"] == "PRIVATE-NOTES"
    assert exported["evaluations_given"][0]["comments"] == "PRIVATE-COMMENTS"
    assert exported["daily_request_counts"] == [{"day": "2026-11-25", "request_count": 3}]


def test_the_export_shows_what_the_api_shows_in_its_formats(scheme: Scheme) -> None:
    people = history(scheme)
    mentee = people["mentee"]
    second_match = scheme.answers.accept(people["third"], people["pending"])
    scheme.meetings.propose(mentee, second_match.match_id, _a_meeting(scheme, note="See you then"))
    exported = scheme.privacy.export(mentee)

    internal = {"planning_version", "sequence", "reminded_at", "evaluated", "expires_at"}
    internal |= {"entity", "nudged_for", "planned_meetings", "about", "ttl"}
    shown = [exported["mentee_profile"], *exported["match_requests"], *exported["matches"]]
    shown += [*exported["sessions"], *exported["meetings"], *exported["evaluations_given"]]
    for entry in shown:
        assert not internal & set(entry), entry
    assert {m["counterpart"]["name"] for m in exported["matches"]} == {
        "Dr Mentor Kept",
        "Dr Third Mentor",
    }
    (match,) = [m for m in exported["matches"] if m["status"] == "ended"]
    assert set(exported["meetings"][0]) == set(MeetingView.model_fields)
    assert set(match) == set(MatchView.model_fields)
    assert set(exported["match_requests"][0]) == set(MatchRequestView.model_fields)
    assert {"match_id", *SessionView.model_fields} == set(exported["sessions"][0])
    times = [match["started_at"], match["ended_at"], exported["match_requests"][0]["created_at"]]
    times += [exported["meetings"][0]["starts_at"], exported["meetings"][0]["created_at"]]
    times += [
        exported["sessions"][0]["logged_at"],
        exported["evaluations_given"][0]["submitted_at"],
    ]
    for moment in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", moment), moment


def test_export_for_a_mentor_gives_feedback_totals_not_evaluations(scheme: Scheme) -> None:
    people = history(scheme)
    exported = scheme.privacy.export(people["mentor"])
    assert exported["mentor_profile"]["name"] == "Dr Mentor Kept"
    assert exported["evaluations_given"] == []
    assert exported["mentor_feedback"]["evaluations"] == 1
    assert exported["mentor_feedback"]["overall_rating_average"] is None
    assert "PRIVATE-COMMENTS" not in json.dumps(exported)


def test_erasing_a_mentee_leaves_nothing_personal_behind(scheme: Scheme, aws: Any) -> None:
    people = history(scheme)
    mentee = people["mentee"]

    scheme.privacy.erase(mentee)
    scheme.deliver_notifications()  # the emails it caused are sent (and then hold no words)

    table = json.dumps(every_item(aws), default=str)
    for personal in (
        mentee.user_id,
        str(mentee.email),
        "Dr Farida Rahman",
        "7777777",
        "PRIVATE-BIO",
        "PRIVATE-MESSAGE",
        "PRIVATE-NOTES",
        "PRIVATE-COMMENTS",
        "PRIVATE-SUMMARY",
        "PRIVATE-ACTIONS",
        "PRIVATE-TOPIC",
    ):
        assert personal not in table, personal
    assert scheme.identity.deleted == [mentee.user_id]


def test_an_erased_mentees_session_logs_keep_only_when_how_and_how_long(
    scheme: Scheme, aws: Any
) -> None:
    people = history(scheme)

    scheme.privacy.erase(people["mentee"])

    logs = [i for i in every_item(aws) if i.get("entity") == "session"]
    assert len(logs) == 2
    for kept in logs:
        assert (kept["summary"], kept["actions"], kept["topics"]) == ("(erased)", "", [])
        assert "mentee_notes" not in kept
        assert "notes_updated_at" not in kept  # not even when they wrote
        assert (kept["mode"], kept["duration_minutes"]) == ("virtual", 40)


def test_erasure_tells_the_other_party_and_keeps_anonymous_scores(scheme: Scheme, aws: Any) -> None:
    people = history(scheme)
    scheme.mailer.sent.clear()

    scheme.privacy.erase(people["mentee"])

    assert [e.kind for e in scheme.mailer.sent] == ["partner_left"]  # the pending request's mentor
    kept = scheme.matches.get(people["mentor"], people["match_id"])
    assert (kept.mentee_name, kept.mentee_id) == ("Former participant", "erased")
    sessions = scheme.sessions.list(people["mentor"], people["match_id"], PageRequest()).items
    assert [s.duration_minutes for s in sessions] == [40, 40]
    feedback_items = [i for i in every_item(aws) if i.get("entity") == "evaluation"]
    assert [(i["overall_rating"], i.get("mentee_id")) for i in feedback_items] == [(4, None)]


def test_erasing_a_mentor_ends_their_matches_and_frees_the_mentee(scheme: Scheme, aws: Any) -> None:
    mentee, mentor = scheme.mentee(), scheme.mentor("Dr Leaving Mentor")
    match = scheme.match(mentee, mentor)
    waiting = scheme.mentee()
    scheme.request(waiting, mentor)
    scheme.mailer.sent.clear()

    scheme.privacy.erase(mentor)

    assert scheme.matches.get(mentee, match.match_id).status == "ended"
    assert sorted(e.to[0] for e in scheme.mailer.sent) == sorted(
        [str(mentee.email), str(waiting.email)]
    )
    assert scheme.request(mentee, scheme.mentor()).status == "pending"
    table = json.dumps(every_item(aws), default=str)
    assert mentor.user_id not in table
    assert "Dr Leaving Mentor" not in table


def test_erasure_can_be_repeated(scheme: Scheme) -> None:
    people = history(scheme)
    scheme.privacy.erase(people["mentee"])
    scheme.privacy.erase(people["mentee"])
    assert scheme.registration.me(people["mentee"]).mentee is None


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_someone_with_no_history_can_erase_their_account(scheme: Scheme, role: str) -> None:
    person = scheme.mentee() if role == "mentee" else scheme.mentor()
    scheme.privacy.erase(person)
    assert scheme.identity.deleted == [person.user_id]


def test_everything_still_reads_back_after_erasures(scheme: Scheme) -> None:
    people = history(scheme)
    scheme.privacy.erase(people["mentee"])
    scheme.privacy.erase(people["mentor"])

    report = scheme.reports.summary(scheme.admin)

    assert report.evaluations.count == "<5"
    assert report.matches["ended"] == "<5"
    listed = scheme.requests.list(scheme.admin, None, PageRequest(limit=50))
    assert {r.mentee_name for r in listed.items} == {"Former participant"}
    match = scheme.matches.get(scheme.admin, people["match_id"])
    assert (match.mentee_name, match.mentor_name) == ("Former participant", "Former participant")
    assert len(scheme.sessions.list(scheme.admin, people["match_id"], PageRequest()).items) == 2


def test_unsent_emails_carrying_an_erased_mentees_words_are_never_sent(scheme: Scheme) -> None:
    """The mentee's request (with their message) and meeting note wait, unsent, in emails to
    the other party; after the erasure none of it goes, and the other party hears only that
    the mentee has left (and has the meeting taken out of their calendar)."""
    mentee, mentor = scheme.mentee("Dr Leaving Mentee"), scheme.mentor("Dr Staying Mentor")
    match = scheme.match(mentee, mentor)
    proposed = scheme.meetings.propose(
        mentee, match.match_id, _a_meeting(scheme, note="PRIVATE-NOTE about my visa")
    )
    scheme.meetings.confirm(mentor, match.match_id, proposed.meeting_id)
    other = scheme.mentee("Dr Other Mentee")
    # Nothing delivered yet: every email so far is still waiting on the stream.
    scheme.requests.create(other, MatchRequestCreate(mentor_id=mentor.user_id, message="hello"))

    scheme.privacy.erase(mentee)

    to_mentor = scheme.mailer.to(mentor.email or "")
    everything = " ".join(e.text + e.html + str(e.attachments) for e in scheme.mailer.sent)
    assert "PRIVATE-NOTE" not in everything
    assert str(mentee.email) not in everything
    assert "partner_left" in [e.kind for e in to_mentor]
    assert "meeting_cancelled" in [e.kind for e in to_mentor]  # out of their calendar
    assert not [e for e in to_mentor if e.kind in ("meeting_proposed", "mentee_introduced")]


def test_an_unsent_request_message_goes_with_the_mentee_who_wrote_it(scheme: Scheme) -> None:
    mentee, mentor = scheme.mentee("Dr Leaving Mentee"), scheme.mentor("Dr Staying Mentor")
    scheme.request(mentee, mentor, "PRIVATE-MESSAGE about my family")

    scheme.privacy.erase(mentee)

    kinds = [e.kind for e in scheme.mailer.to(mentor.email or "")]
    assert "new_request" not in kinds
    assert "partner_left" in kinds
    assert "PRIVATE-MESSAGE" not in " ".join(e.text + e.html for e in scheme.mailer.sent)


def _a_meeting(scheme: Scheme, note: str) -> MeetingCreate:
    starts = scheme.fixed_clock.now() + timedelta(days=3)
    return MeetingCreate.model_validate(
        {
            "starts_at": starts.isoformat(),
            "duration_minutes": 45,
            "mode": "virtual",
            "video_link": "https://meet.example.org/leaving",
            "note": note,
        }
    )
