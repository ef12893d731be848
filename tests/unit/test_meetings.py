"""Meetings without AWS: the request body's rules, the calendar file read back with the same
library a calendar app's would use, times either side of the clock changes, the schedule's
reminder window, and the raw email with its calendar parts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from pydantic import ValidationError

from mentoring.clock import LONDON
from mentoring.domain.models import MeetingCreate
from mentoring.domain.working_days import days_until_next_run
from mentoring.mail.invitations import calendar_file
from mentoring.mail.message import Email, mime_message
from mentoring.mail.notices import MeetingFacts, Person
from tests.support.ics import Invitation, read_invitation
from tests.support.mail import read_raw
from tests.support.records import match_record

MENTEE = Person(name="Dr Sara Haile", email="sara.haile@example.org")
MENTOR = Person(name="Dr Jonah Mensah", email="jonah.mensah@example.org")


def facts(starts_at: datetime, sequence: int = 0) -> MeetingFacts:
    return MeetingFacts(
        meeting_id="20270701T0900Z-abc123",
        starts_at=starts_at,
        duration_minutes=45,
        mode="virtual",
        place="https://meet.example.org/sara-jonah",
        organizer=MENTOR,
        attendees=(MENTEE, MENTOR),
        sequence=sequence,
        note="PRIVATE-NOTE",
    )


def read_back(meeting: MeetingFacts, cancel: bool = False) -> Invitation:
    attachment = calendar_file(meeting, cancel, datetime(2026, 11, 25, 10, 30, tzinfo=UTC))
    return read_invitation(attachment.content)


def london(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=LONDON)


# ---- the calendar file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [
        (london(2027, 7, 1, 10), 9),  # summer (BST): 10:00 London is 09:00Z
        (london(2026, 12, 1, 10), 10),  # winter (GMT): the same
        (london(2027, 3, 28, 10), 9),  # the Sunday the clocks go forward
        (london(2026, 10, 25, 10), 10),  # the Sunday they go back
    ],
)
def test_the_invitation_keeps_the_london_time_whatever_the_season(
    local: datetime, utc_hour: int
) -> None:
    invitation = read_back(facts(local.astimezone(UTC)))

    start = invitation.start
    assert start.utcoffset() == timedelta(0)
    assert start.hour == utc_hour
    assert start.astimezone(LONDON).hour == 10
    assert invitation.end - start == timedelta(minutes=45)


def test_an_invitation_names_the_scheme_both_parties_and_the_place() -> None:
    invitation = read_back(facts(london(2027, 7, 1, 10)))

    assert invitation.method == "REQUEST"
    assert invitation.uid == "20270701T0900Z-abc123@img-peer-mentoring"
    assert invitation.summary == "IMG Peer Mentoring: Dr Sara Haile and Dr Jonah Mensah"
    assert invitation.location == "https://meet.example.org/sara-jonah"
    assert invitation.organizer == "mailto:jonah.mensah@example.org"
    assert invitation.organizer_name == "Dr Jonah Mensah"
    assert invitation.attendees == [
        "mailto:jonah.mensah@example.org",
        "mailto:sara.haile@example.org",
    ]
    assert invitation.status == "CONFIRMED"
    assert invitation.sequence == 0


def test_a_cancellation_is_the_same_event_with_a_higher_sequence() -> None:
    invited = read_back(facts(london(2027, 7, 1, 10)))
    cancelled = read_back(facts(london(2027, 7, 1, 10), sequence=1), cancel=True)

    assert cancelled.method == "CANCEL"
    assert cancelled.status == "CANCELLED"
    assert cancelled.uid == invited.uid
    assert cancelled.sequence > invited.sequence


def test_no_note_goes_into_a_calendar_file() -> None:
    attachment = calendar_file(facts(london(2027, 7, 1, 10)), False, datetime.now(UTC))

    assert "PRIVATE-NOTE" not in attachment.content
    assert attachment.filename == "invite.ics"
    assert dict(attachment.params) == {"method": "REQUEST"}


def test_the_email_carries_text_html_and_the_calendar_as_part_and_attachment() -> None:
    invite = calendar_file(facts(london(2027, 7, 1, 10)), False, datetime.now(UTC))
    raw = mime_message(
        "mentoring@example.org",
        Email(
            ("sara.haile@example.org",), "Meeting confirmed", "text", "<p>html</p>", "k", (invite,)
        ),
    )

    parsed = read_raw(raw)
    assert isinstance(parsed, EmailMessage)
    types = [part.get_content_type() for part in parsed.walk()]
    assert types.count("text/calendar") == 2  # among the alternatives, and attached
    assert "text/plain" in types
    assert "text/html" in types
    (attached,) = parsed.iter_attachments()
    assert attached.get_filename() == "invite.ics"
    assert attached.get_param("method") == "REQUEST"


# ---- the request body -----------------------------------------------------------------------


def body(**fields: Any) -> dict[str, Any]:
    return {
        "starts_at": "2027-07-01T10:00:00+01:00",
        "duration_minutes": 45,
        "mode": "virtual",
        "video_link": "https://meet.example.org/x",
    } | fields


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"duration_minutes": 14}, "duration_minutes"),
        ({"duration_minutes": 241}, "duration_minutes"),
        ({"duration_minutes": "60"}, "duration_minutes"),
        ({"video_link": "http://meet.example.org/x"}, "video_link"),
        ({"video_link": "javascript:alert(1)"}, "video_link"),
        ({"location": "x" * 201}, "location"),
        ({"note": "x" * 501}, "note"),
        ({"starts_at": "2027-07-01T10:00:00"}, "starts_at"),  # no time zone
        ({"status": "confirmed"}, "status"),  # not the caller's to set
    ],
)
def test_a_meeting_body_outside_the_rules_is_refused_naming_the_field(
    fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        MeetingCreate.model_validate(body(**fields))
    assert refused.value.errors()[0]["loc"][0] == field


def test_a_meeting_time_with_any_zone_is_one_instant() -> None:
    parsed = MeetingCreate.model_validate(body())
    assert parsed.starts_at.astimezone(UTC) == datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


# ---- the schedule's window, and what counts as planned ----------------------------------------


@pytest.mark.parametrize(
    ("run_day", "first", "last"),
    [
        (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 26)),  # Wednesday: Thursday's
        (date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)),  # Friday: to Monday
        (date(2027, 4, 23), date(2027, 4, 24), date(2027, 4, 26)),  # Friday (BST)
        (date(2027, 5, 28), date(2027, 5, 29), date(2027, 6, 1)),  # before a bank holiday
    ],
)
def test_a_run_reminds_the_meetings_of_the_days_until_the_next_run(
    run_day: date, first: date, last: date
) -> None:
    after, before = days_until_next_run(datetime.combine(run_day, datetime.min.time(), LONDON))

    assert after.astimezone(LONDON) == datetime.combine(first, datetime.min.time(), LONDON)
    assert before.astimezone(LONDON) == datetime.combine(
        last + timedelta(days=1), datetime.min.time(), LONDON
    )


def test_only_meetings_still_to_start_hold_a_place() -> None:
    now = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
    match = match_record(
        started_at=now,
        planned_meetings=frozenset(
            {"2026-11-25T10:00:00Z#past", "2026-11-25T10:30:00Z#now", "2026-11-26T09:00:00Z#next"}
        ),
    )

    assert match.upcoming_meetings(now) == 1
