"""What a change tells whom. A service never sends email: it builds notices here from the
records it changes, and the store writes them in the same transaction as the change
(mentoring.data.outbox). functions/notifications reads them from the table's stream, renders
each (mentoring.mail.emails) and sends it once.

A notice holds only what its email may say: names, the contact details the two parties
exchange, a mentee's message to their chosen mentor, a decline reason written for the mentee.
Never a session's content, anyone's notes or an evaluation's comments.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from mentoring.domain.records import (
    MENTOR_FULL,
    MatchRecord,
    MatchRequestRecord,
    MeetingRecord,
    MeetingStatus,
    MenteeRecord,
    MentorRecord,
)
from mentoring.observability import logger


class Kind(StrEnum):
    NEW_REQUEST = "new_request"  # the mentor, with one-click links
    REQUEST_ACCEPTED = "request_accepted"  # the mentee: the mentor's name and email
    MENTEE_INTRODUCED = "mentee_introduced"  # the mentor: the mentee's name, email, message
    REQUEST_DECLINED = "request_declined"
    REQUEST_AUTO_DECLINED = "request_auto_declined"
    REQUEST_WITHDRAWN = "request_withdrawn"
    REMINDER = "reminder"
    SECOND_REMINDER = "second_reminder"
    OVERDUE_ALERT = "overdue_alert"  # the administrator
    REQUEST_EXPIRED_MENTEE = "request_expired_mentee"
    REQUEST_EXPIRED_MENTOR = "request_expired_mentor"
    REQUEST_EXPIRED_ADMIN = "request_expired_admin"
    EVALUATION_INVITATION = "evaluation_invitation"  # the mentee, when a match ends
    MATCH_ENDED = "match_ended"  # the mentor, when a match ends
    SESSION_LOGGED = "session_logged"  # the mentee: an activity log awaits their notes
    MENTOR_APPLIED = "mentor_applied"  # the administrator
    MENTOR_APPROVED = "mentor_approved"
    MENTOR_SUSPENDED = "mentor_suspended"
    MATCH_NUDGE = "match_nudge"
    EVALUATION_REMINDER = "evaluation_reminder"
    PARTNER_LEFT = "partner_left"  # the other party of what an erased account closed
    MEETING_PROPOSED = "meeting_proposed"  # the other party
    MEETING_DECLINED = "meeting_declined"  # the proposer
    MEETING_CONFIRMED = "meeting_confirmed"  # both, with the calendar invitation
    MEETING_CANCELLED = "meeting_cancelled"  # both, with the calendar cancellation
    MEETING_WITHDRAWN = "meeting_withdrawn"  # a proposal cancelled: the other party
    MEETING_REMINDER = "meeting_reminder"  # both, the working day before


class Person(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    email: str


class MeetingFacts(BaseModel):
    """What a meeting's emails and calendar files may say (never anyone's notes)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    meeting_id: str
    starts_at: datetime
    duration_minutes: int
    mode: str
    place: str  # the location, or the video link
    organizer: Person  # who proposed it
    attendees: tuple[Person, ...]  # both parties
    sequence: int = 0
    note: str = ""  # the proposer's words to the other party (proposal email only)


class Facts(BaseModel):
    """What one email may say; each kind uses the facts it needs."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    reader_name: str = ""  # whom the email greets
    mentee_name: str = ""
    mentor_name: str = ""
    other_name: str = ""  # the other party, where either may be the reader
    summary: str = ""  # grade, specialty, placement site of the person it is about
    user_id: str = ""  # for the administrator: whom it is about
    contact_email: str = ""  # the other party's address (introductions)
    message: str = ""  # the mentee's message to the mentor they chose
    reason: str = ""  # a decline reason, or mentor_full / mentor_unavailable
    request_id: str = ""
    respond_by: datetime | None = None
    match_id: str = ""
    session_number: int | None = None
    days: int | None = None
    was_match: bool = False
    meeting: MeetingFacts | None = None


class Notice(BaseModel):
    """One email to be sent: to people by address, or to the scheme administrator (whose
    address only the notifications function knows)."""

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    notice_id: str
    kind: Kind
    to: tuple[str, ...] = ()
    to_administrator: bool = False
    facts: Facts
    created_at: datetime

    @property
    def has_recipient(self) -> bool:
        return self.to_administrator or any(self.to)


def notice(
    kind: Kind, now: datetime, *, to: str | None = None, admin: bool = False, **facts: Any
) -> Notice:
    return Notice(
        notice_id=str(uuid.uuid4()),
        kind=kind,
        to=(to,) if to else (),
        to_administrator=admin,
        facts=Facts.model_validate(facts),
        created_at=now,
    )


class _Parties(Protocol):
    """A request or a match: the two people it concerns."""

    @property
    def mentee_name(self) -> str: ...
    @property
    def mentor_name(self) -> str: ...
    @property
    def mentee_email(self) -> str | None: ...
    @property
    def mentor_email(self) -> str | None: ...


def _to_mentee(kind: Kind, now: datetime, parties: _Parties, **facts: Any) -> Notice:
    return notice(kind, now, to=parties.mentee_email, reader_name=parties.mentee_name, **facts)


def _to_mentor(kind: Kind, now: datetime, parties: _Parties, **facts: Any) -> Notice:
    return notice(kind, now, to=parties.mentor_email, reader_name=parties.mentor_name, **facts)


def deliverable(notices: list[Notice]) -> list[Notice]:
    """The notices someone can receive: one with no address (a profile without an email, from
    before emails were required) is logged and left out, never allowed to stop the change."""
    for left_out in (n for n in notices if not n.has_recipient):
        logger.warning("Notice has no recipient address", notice_kind=left_out.kind.value)
    return [n for n in notices if n.has_recipient]


# ---- match requests -------------------------------------------------------------------------


def _request_facts(request: MatchRequestRecord) -> dict[str, Any]:
    return {
        "mentee_name": request.mentee_name,
        "mentor_name": request.mentor_name,
        "request_id": request.request_id,
        "respond_by": request.respond_by,
    }


def mentee_summary(mentee: MenteeRecord | None) -> str:
    if mentee is None:
        return "a trainee"
    return f"{mentee.grade}, {mentee.specialty}, {mentee.placement_site}"


def request_created(request: MatchRequestRecord, summary: str, now: datetime) -> list[Notice]:
    return [
        _to_mentor(
            Kind.NEW_REQUEST,
            now,
            request,
            summary=summary,
            message=request.message,
            **_request_facts(request),
        )
    ]


def request_accepted(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    """The introduction: each is given the other's name and email address."""
    return [
        _to_mentee(
            Kind.REQUEST_ACCEPTED,
            now,
            request,
            contact_email=request.mentor_email or "",
            **_request_facts(request),
        ),
        _to_mentor(
            Kind.MENTEE_INTRODUCED,
            now,
            request,
            contact_email=request.mentee_email or "",
            message=request.message,
            **_request_facts(request),
        ),
    ]


def request_declined(
    request: MatchRequestRecord, reason: str | None, now: datetime
) -> list[Notice]:
    return [
        _to_mentee(
            Kind.REQUEST_DECLINED,
            now,
            request,
            reason=reason or "",
            **_request_facts(request),
        )
    ]


def request_auto_declined(request: MatchRequestRecord, reason: str, now: datetime) -> list[Notice]:
    """Declined for the mentor: full (`mentor_full`) or suspended (`mentor_unavailable`)."""
    return [
        _to_mentee(
            Kind.REQUEST_AUTO_DECLINED,
            now,
            request,
            reason=reason if reason == MENTOR_FULL else "mentor_unavailable",
            **_request_facts(request),
        )
    ]


def request_withdrawn(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    return [
        _to_mentor(
            Kind.REQUEST_WITHDRAWN,
            now,
            request,
            **_request_facts(request),
        )
    ]


def request_reminder(
    request: MatchRequestRecord, summary: str, second: bool, now: datetime
) -> list[Notice]:
    """The mentor's reminder (with links); with the second, the administrator is told."""
    reminder = _to_mentor(
        Kind.SECOND_REMINDER if second else Kind.REMINDER,
        now,
        request,
        summary=summary,
        **_request_facts(request),
    )
    if not second:
        return [reminder]
    return [reminder, notice(Kind.OVERDUE_ALERT, now, admin=True, **_request_facts(request))]


def request_expired(request: MatchRequestRecord, now: datetime) -> list[Notice]:
    facts = _request_facts(request)
    return [
        _to_mentee(
            Kind.REQUEST_EXPIRED_MENTEE,
            now,
            request,
            **facts,
        ),
        _to_mentor(
            Kind.REQUEST_EXPIRED_MENTOR,
            now,
            request,
            **facts,
        ),
        notice(Kind.REQUEST_EXPIRED_ADMIN, now, admin=True, **facts),
    ]


# ---- matches --------------------------------------------------------------------------------


def _match_facts(match: MatchRecord) -> dict[str, Any]:
    return {
        "mentee_name": match.mentee_name,
        "mentor_name": match.mentor_name,
        "match_id": match.match_id,
    }


def match_ended(match: MatchRecord, now: datetime) -> list[Notice]:
    """Both parties; the mentee's email is the evaluation invitation."""
    return [
        _to_mentee(
            Kind.EVALUATION_INVITATION,
            now,
            match,
            **_match_facts(match),
        ),
        _to_mentor(
            Kind.MATCH_ENDED,
            now,
            match,
            **_match_facts(match),
        ),
    ]


def session_logged(match: MatchRecord, number: int, now: datetime) -> list[Notice]:
    """The mentee: a new activity log to add their notes to (never what it says)."""
    return [
        _to_mentee(
            Kind.SESSION_LOGGED,
            now,
            match,
            session_number=number,
            **_match_facts(match),
        )
    ]


def match_nudge(match: MatchRecord, days: int, now: datetime) -> list[Notice]:
    return [
        _to_mentee(
            Kind.MATCH_NUDGE,
            now,
            match,
            other_name=match.mentor_name,
            days=days,
            **_match_facts(match),
        ),
        _to_mentor(
            Kind.MATCH_NUDGE,
            now,
            match,
            other_name=match.mentee_name,
            days=days,
            **_match_facts(match),
        ),
    ]


def evaluation_reminder(match: MatchRecord, now: datetime) -> list[Notice]:
    return [
        _to_mentee(
            Kind.EVALUATION_REMINDER,
            now,
            match,
            **_match_facts(match),
        )
    ]


def partner_left(
    both: MatchRequestRecord | MatchRecord, leaver_is_mentee: bool, now: datetime
) -> list[Notice]:
    """The other party of a request or match that an erased account closed."""
    if leaver_is_mentee:
        to, reader, leaver = both.mentor_email, both.mentor_name, both.mentee_name
    else:
        to, reader, leaver = both.mentee_email, both.mentee_name, both.mentor_name
    return [
        notice(
            Kind.PARTNER_LEFT,
            now,
            to=to,
            reader_name=reader,
            other_name=leaver,
            was_match=isinstance(both, MatchRecord),
        )
    ]


# ---- mentors --------------------------------------------------------------------------------


def mentor_applied(mentor: MentorRecord, now: datetime) -> list[Notice]:
    """The administrator: who applied (name, grade, specialty), to vet in the console."""
    return [
        notice(
            Kind.MENTOR_APPLIED,
            now,
            admin=True,
            mentor_name=mentor.name,
            user_id=mentor.user_id,
            summary=f"{mentor.grade}, {mentor.specialty}, {mentor.placement_site}",
        )
    ]


def mentor_status_changed(mentor: MentorRecord, approved: bool, now: datetime) -> list[Notice]:
    return [
        notice(
            Kind.MENTOR_APPROVED if approved else Kind.MENTOR_SUSPENDED,
            now,
            to=mentor.email,
            reader_name=mentor.name,
            mentor_name=mentor.name,
        )
    ]


# ---- meetings -------------------------------------------------------------------------------


def _people(match: MatchRecord) -> dict[str, Person | None]:
    def person(name: str, email: str | None) -> Person | None:
        return Person(name=name, email=email) if email else None

    return {
        match.mentee_id: person(match.mentee_name, match.mentee_email),
        match.mentor_id: person(match.mentor_name, match.mentor_email),
    }


def _meeting_facts(match: MatchRecord, meeting: MeetingRecord) -> MeetingFacts | None:
    people = _people(match)
    organizer = people.get(meeting.proposed_by)
    attendees = tuple(p for p in people.values() if p)
    if organizer is None:
        return None
    return MeetingFacts(
        meeting_id=meeting.meeting_id,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        mode=meeting.mode.value,
        place=meeting.place,
        organizer=organizer,
        attendees=attendees,
        sequence=meeting.sequence,
        note=meeting.note or "",
    )


def _to_party(
    kind: Kind, match: MatchRecord, meeting: MeetingRecord, reader_id: str, now: datetime
) -> Notice:
    reader = _people(match).get(reader_id)
    other = _people(match).get(match.other_party(reader_id))
    return notice(
        kind,
        now,
        to=reader.email if reader else None,
        reader_name=reader.name if reader else "",
        other_name=other.name if other else "",
        meeting=_meeting_facts(match, meeting),
        **_match_facts(match),
    )


def meeting_proposed(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    """The other party, with the proposer's note, to confirm or decline."""
    other = match.other_party(meeting.proposed_by)
    return [_to_party(Kind.MEETING_PROPOSED, match, meeting, other, now)]


def meeting_answered(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    """`meeting` as it now is: confirmed (both, with the invitation) or declined (the
    proposer)."""
    if meeting.status is MeetingStatus.CONFIRMED:
        return [
            _to_party(Kind.MEETING_CONFIRMED, match, meeting, party, now)
            for party in (match.mentee_id, match.mentor_id)
        ]
    return [_to_party(Kind.MEETING_DECLINED, match, meeting, meeting.proposed_by, now)]


def meeting_cancelled(
    match: MatchRecord, meeting: MeetingRecord, was: MeetingStatus, by: str, now: datetime
) -> list[Notice]:
    """A confirmed meeting: both get the calendar cancellation. A proposal: the other party
    is told it was withdrawn (or, cancelled by them, the proposer is told)."""
    if was is MeetingStatus.CONFIRMED:
        return [
            _to_party(Kind.MEETING_CANCELLED, match, meeting, party, now)
            for party in (match.mentee_id, match.mentor_id)
        ]
    return [_to_party(Kind.MEETING_WITHDRAWN, match, meeting, match.other_party(by), now)]


def meeting_reminder(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    return [
        _to_party(Kind.MEETING_REMINDER, match, meeting, party, now)
        for party in (match.mentee_id, match.mentor_id)
    ]
