"""Calendar files for confirmed and cancelled meetings (RFC 5545, built with `icalendar`).

One VEVENT per meeting, with a UID that stays the same for the meeting's life, so a calendar
app updates or removes the event it already holds: an invitation is `METHOD:REQUEST`, a
cancellation `METHOD:CANCEL` with `STATUS:CANCELLED` and a higher `SEQUENCE`. Times are in
UTC, which every calendar app shows in its own zone (a meeting at 10:00 London time in
summer is 09:00Z, in winter 10:00Z). No notes or confidential text go into the file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from mentoring.mail.message import Attachment
from mentoring.mail.notices import MeetingFacts, Person

PRODUCT = "-//NHS England WT&E Yorkshire and Humber//IMG Peer Mentoring//EN"
UID_DOMAIN = "img-peer-mentoring"


def meeting_uid(meeting_id: str) -> str:
    return f"{meeting_id}@{UID_DOMAIN}"


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    for name, value in params.items():
        address.params[name] = vText(value)
    return address


def calendar_file(meeting: MeetingFacts, cancel: bool, now: datetime) -> Attachment:
    method = "CANCEL" if cancel else "REQUEST"
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting.meeting_id))
    event.add("dtstamp", now.astimezone(UTC))
    starts = meeting.starts_at.astimezone(UTC)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=meeting.duration_minutes))
    names = " and ".join(person.name for person in meeting.attendees)
    event.add("summary", f"IMG Peer Mentoring: {names}")
    event.add("location", meeting.place)
    event.add("organizer", _address(meeting.organizer))
    for person in meeting.attendees:
        event.add(
            "attendee",
            _address(person, role="REQ-PARTICIPANT", partstat="ACCEPTED", rsvp="FALSE"),
        )
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    calendar.add_component(event)
    return Attachment(
        filename="invite.ics",
        content_type="text/calendar",
        content=calendar.to_ical().decode("utf-8"),
        params=(("method", method),),
    )
