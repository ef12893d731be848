"""A calendar file read back with `icalendar`, as a calendar app reads an invitation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar


@dataclass(frozen=True)
class Invitation:
    method: str
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str
    status: str
    organizer: str
    organizer_name: str
    attendees: list[str]


def read_invitation(content: str | bytes) -> Invitation:
    calendar = Calendar.from_ical(content)
    (event,) = calendar.events
    start, end = event.start, event.end
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise AssertionError(f"a meeting has a start and end time, not {start!r}")
    organizer = event.organizer
    return Invitation(
        method=str(calendar.method),
        uid=str(event.uid),
        sequence=int(event.sequence),
        start=start,
        end=end,
        summary=str(event.summary),
        location=str(event.location),
        status=str(event.status),
        organizer=str(organizer),
        organizer_name=str(organizer.params.get("CN", "")) if organizer is not None else "",
        attendees=sorted(str(attendee) for attendee in event.attendees),
    )
