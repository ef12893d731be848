"""Meetings over HTTP: propose, confirm, both inboxes hold an invitation a calendar library
reads at the right local time, cancel, both hold the cancellation of the same event; planned
meetings count against the sessions even when proposed at once; one reminder per meeting."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from mentoring.clock import LONDON
from tests.support.clients import Client, new_mentee, new_mentor
from tests.support.clock import first_run_after
from tests.support.http import request
from tests.support.ics import Invitation, read_invitation
from tests.support.local_pages import emails_to, inbox, run_schedule
from tests.support.stack import RunningStack


def matched(
    stack: RunningStack,
    admin: Client,
    mentee_name: str = "Dr Amani Njoroge",
    mentor_name: str = "Dr Tomasz Nowak",
) -> tuple[Client, Client, str]:
    trainee = new_mentee(stack, name=mentee_name)
    mentor_client, mentor_id = new_mentor(stack, admin, name=mentor_name)
    created = trainee.call("POST", "/match-requests", {"mentor_id": mentor_id}).body
    accepted = mentor_client.call("POST", f"/match-requests/{created['request_id']}/accept")
    return trainee, mentor_client, str(accepted.body["match_id"])


def london_time(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def a_weekday_ahead(days: int) -> date:
    day = datetime.now(LONDON).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def propose(client: Client, match_id: str, starts_at: datetime) -> Any:
    return client.call(
        "POST",
        f"/matches/{match_id}/meetings",
        {
            "starts_at": starts_at.isoformat(),
            "duration_minutes": 45,
            "mode": "face_to_face",
            "location": "Library, Bradford Royal Infirmary",
        },
    )


def calendars(stack: RunningStack, address: str, subject: str) -> list[Invitation]:
    found = []
    for email in emails_to(stack, address):
        if email["subject"].startswith(subject):
            (attached,) = email["attachments"]
            assert attached["filename"] == "invite.ics"
            found.append(read_invitation(attached["content"]))
    return found


def test_an_invitation_and_its_cancellation_reach_both_calendars(
    stack: RunningStack, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(stack, admin)
    # 10:00 in London, three weeks on (in BST or GMT, whichever applies then).
    starts = london_time(a_weekday_ahead(21), 10)

    proposed = propose(trainee, match_id, starts)
    assert proposed.status == 201
    meeting_id = proposed.body["meeting_id"]
    confirmed = mentor_client.call("POST", f"/matches/{match_id}/meetings/{meeting_id}/confirm")
    assert confirmed.body["status"] == "confirmed"

    for person in (trainee, mentor_client):
        (invitation,) = calendars(stack, person.email, "Meeting confirmed")
        assert invitation.method == "REQUEST"
        assert invitation.start.astimezone(LONDON) == starts  # the right local time
        assert invitation.location == "Library, Bradford Royal Infirmary"

    cancelled = trainee.call("POST", f"/matches/{match_id}/meetings/{meeting_id}/cancel")
    assert cancelled.body["status"] == "cancelled"

    for person in (trainee, mentor_client):
        (invited,) = calendars(stack, person.email, "Meeting confirmed")
        (cancellation,) = calendars(stack, person.email, "Meeting cancelled")
        assert cancellation.method == "CANCEL"
        assert cancellation.uid == invited.uid
        assert cancellation.sequence > invited.sequence


def test_the_inbox_shows_who_wrote_and_opens_the_invitation_exactly(
    stack: RunningStack, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(
        stack, admin, mentee_name="Dr Siobhán Ní Bhriain", mentor_name="Dr Łukasz Wójcik"
    )
    meeting_id = propose(trainee, match_id, london_time(a_weekday_ahead(14), 9)).body["meeting_id"]
    mentor_client.call("POST", f"/matches/{match_id}/meetings/{meeting_id}/confirm")

    everything = inbox(stack)
    number, sent = next(
        (n, e)
        for n, e in enumerate(everything, start=1)
        if trainee.email in e["to"] and e["subject"].startswith("Meeting confirmed")
    )
    assert sent["from"].endswith("<mentoring@example.org>")
    assert sent["reply_to"].endswith("<admin@example.org>")
    (attached,) = sent["attachments"]
    assert "Dr Łukasz Wójcik" in attached["content"]  # decoded exactly

    page = request("GET", stack.api_url + "/local/emails").text
    link = f'href="/local/emails/{number}/invite.ics" download'
    assert link in page
    assert (
        "<dt>Reply-To</dt><dd>Peer Mentoring Administrator &lt;admin@example.org&gt;</dd>" in page
    )
    opened = request("GET", f"{stack.api_url}/local/emails/{number}/invite.ics")
    assert opened.status == 200
    assert opened.headers["Content-Type"].startswith("text/calendar; method=REQUEST")
    assert opened.headers["Content-Disposition"] == 'attachment; filename="invite.ics"'
    assert read_invitation(opened.text).uid == read_invitation(attached["content"]).uid
    assert "Dr Łukasz Wójcik" in opened.text
    missing = request("GET", f"{stack.api_url}/local/emails/{number}/other.ics")
    assert missing.status == 404


def test_meetings_proposed_at_once_never_plan_more_than_the_sessions_left(
    stack: RunningStack, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(stack, admin)
    day = a_weekday_ahead(10)
    for hour in (9, 10, 11):  # three of the four places planned
        assert propose(mentor_client, match_id, london_time(day, hour)).status == 201

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(
            pool.map(lambda hour: propose(trainee, match_id, london_time(day, hour)), range(12, 18))
        )

    assert sorted(a.status for a in answers) == [201] + [409] * 5
    assert {a.error_code for a in answers if a.status == 409} == {"session_limit_reached"}
    listed = trainee.call("GET", f"/matches/{match_id}/meetings").body["items"]
    assert len(listed) == 4


def test_a_confirmed_meeting_is_reminded_once_however_often_the_schedule_runs(
    stack: RunningStack, admin: Client
) -> None:
    trainee, mentor_client, match_id = matched(stack, admin)
    day = a_weekday_ahead(14)
    meeting_id = propose(mentor_client, match_id, london_time(day, 15)).body["meeting_id"]
    trainee.call("POST", f"/matches/{match_id}/meetings/{meeting_id}/confirm")
    # The last scheduled run before the meeting's day.
    eve = first_run_after(london_time(day, 0) - timedelta(days=4))
    while first_run_after(eve).astimezone(LONDON).date() < day:
        eve = first_run_after(eve)

    first = run_schedule(stack, eve)
    second = run_schedule(stack, eve)

    assert first["meeting_reminders"] >= 1
    assert second["meeting_reminders"] == 0
    for person in (trainee, mentor_client):
        reminders = [
            e
            for e in emails_to(stack, person.email)
            if e["subject"].startswith("Reminder: meeting")
        ]
        assert len(reminders) == 1
        assert "3pm (UK time)" in reminders[0]["text"]
    assert eve < datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)
