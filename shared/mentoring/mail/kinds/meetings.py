"""Emails about a meeting: proposed, answered (a confirmation carries the calendar invitation),
cancelled (a confirmed one carries the cancellation), withdrawn, and the day-before reminder."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from mentoring.clock import LONDON
from mentoring.domain.records import MatchRecord, MeetingRecord, MeetingStatus
from mentoring.mail.compose import Context, Written
from mentoring.mail.notices import Facts, MeetingFacts, Notice, Person, notice
from mentoring.observability import logger
from mentoring.wording import uk_date, uk_time

if TYPE_CHECKING:
    from mentoring.mail.message import Attachment


class MeetingNotice(Facts):
    """What every email about a meeting may say: to whom, about whom, and the meeting."""

    reader_name: str
    other_name: str
    match_id: str
    meeting: MeetingFacts

    @property
    def when(self) -> str:
        """ "Tuesday 1 December 2026 at 10am (UK time), for 60 minutes"."""
        local = self.meeting.starts_at.astimezone(LONDON)
        return (
            f"{uk_date(local.date())} at {uk_time(local)} (UK time), "
            f"for {self.meeting.duration_minutes} minutes"
        )

    @property
    def where(self) -> str:
        if self.meeting.mode == "virtual":
            return f"virtually, at {self.meeting.place}"
        return f"face to face, at {self.meeting.place}"


class CalendarNotice(MeetingNotice):
    """A meeting email that carries a calendar file (an invitation, or its cancellation)."""

    cancels: ClassVar[bool] = False

    def attachments(self, written_at: datetime) -> tuple[Attachment, ...]:
        # Only these emails need the calendar library: imported here, not at a cold start.
        from mentoring.mail.invitations import calendar_file  # noqa: PLC0415

        return (calendar_file(self.meeting, self.cancels, written_at),)


class MeetingProposed(MeetingNotice):
    """The other party, with the proposer's note, to confirm or decline."""

    kind: ClassVar[str] = "meeting_proposed"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.reader_name},\n\n"
            f"{self.other_name} would like to meet on {self.when}, {self.where}.\n\n"
            f"Please confirm or decline in the IMG Peer Mentoring app. Once you confirm, you "
            f"will both be sent a calendar invitation."
        )
        note = self.meeting.note
        if note:
            body += f"\n\n{self.other_name} wrote:"
        return Written(f"{self.other_name} proposes a meeting", body, quote=note or None)


class MeetingDeclined(MeetingNotice):
    """The proposer."""

    kind: ClassVar[str] = "meeting_declined"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.reader_name},\n\n"
            f"{self.other_name} cannot make the meeting you proposed for {self.when}.\n\n"
            f"Please propose another time in the IMG Peer Mentoring app."
        )
        return Written("Your proposed meeting: please suggest another time", body)


class MeetingConfirmed(CalendarNotice):
    """Both, with the calendar invitation."""

    kind: ClassVar[str] = "meeting_confirmed"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.reader_name},\n\n"
            f"Your mentoring meeting with {self.other_name} is confirmed: {self.when}, "
            f"{self.where}.\n\n"
            f"The calendar invitation is attached (invite.ics): open it, or use your email "
            f"app's calendar buttons, to add the meeting to your calendar. If plans change, "
            f"either of you can cancel it in the app, and your calendar will be updated."
        )
        return Written(f"Meeting confirmed: {self.other_name}", body)


class CancelledBecause(StrEnum):
    """Why a confirmed meeting was cancelled: its email says so."""

    PARTY = "party"  # one of the two cancelled it (`cancelled_by` names them)
    MATCH_ENDED = "match_ended"  # the relationship was ended early
    SESSIONS_COMPLETE = "sessions_complete"  # the last session was logged
    PARTNER_LEFT = "partner_left"  # the other party closed their account


class MeetingCancelled(CalendarNotice):
    """Both, with the calendar cancellation, saying why."""

    kind: ClassVar[str] = "meeting_cancelled"
    cancels: ClassVar[bool] = True
    because: CancelledBecause = CancelledBecause.PARTY
    cancelled_by: str = ""  # who cancelled it, when one of the two did

    def write(self, c: Context) -> Written:
        meeting = f"your mentoring meeting with {self.other_name} on {self.when}"
        why = {
            CancelledBecause.PARTY: (
                f"You have cancelled {meeting}."
                if self.cancelled_by == self.reader_name
                else f"{self.cancelled_by or self.other_name} has cancelled {meeting}."
            ),
            CancelledBecause.MATCH_ENDED: f"Your mentoring relationship with {self.other_name} "
            f"has ended, so {meeting} has been cancelled.",
            CancelledBecause.SESSIONS_COMPLETE: f"All the sessions of your mentoring "
            f"relationship with {self.other_name} have now been logged and it has ended, so "
            f"{meeting} has been cancelled.",
            CancelledBecause.PARTNER_LEFT: f"{self.other_name} has left the scheme, so {meeting} "
            f"has been cancelled.",
        }[self.because]
        body = (
            f"Dear {self.reader_name},\n\n{why}\n\n"
            f"The cancellation is attached (invite.ics): opening it removes the meeting from "
            f"your calendar."
        )
        if self.because is CancelledBecause.PARTY:
            body += " You can propose a new time in the IMG Peer Mentoring app."
        return Written(f"Meeting cancelled: {self.other_name}", body)


class MeetingWithdrawn(MeetingNotice):
    """A proposal cancelled: the other party."""

    kind: ClassVar[str] = "meeting_withdrawn"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.reader_name},\n\n"
            f"The meeting proposed for {self.when} with {self.other_name} has been withdrawn, "
            f"so it needs no answer."
        )
        return Written(f"Proposed meeting withdrawn: {self.other_name}", body)


class MeetingReminder(MeetingNotice):
    """Both, on the last working day before the meeting's day."""

    kind: ClassVar[str] = "meeting_reminder"

    def write(self, c: Context) -> Written:
        body = (
            f"Dear {self.reader_name},\n\n"
            f"A reminder of your mentoring meeting with {self.other_name}: {self.when}, "
            f"{self.where}.\n\nIf you can no longer make it, please cancel it in the app so "
            f"that {self.other_name} knows."
        )
        return Written(f"Reminder: meeting with {self.other_name}", body)


# ---- who is told ----------------------------------------------------------------------------


def _people(match: MatchRecord) -> dict[str, Person | None]:
    def person(name: str, email: str | None) -> Person | None:
        return Person(name=name, email=email) if email else None

    return {
        match.mentee_id: person(match.mentee_name, match.mentee_email),
        match.mentor_id: person(match.mentor_name, match.mentor_email),
    }


def _names(match: MatchRecord) -> dict[str, str]:
    return {match.mentee_id: match.mentee_name, match.mentor_id: match.mentor_name}


def _to_party(
    kind: type[MeetingNotice],
    match: MatchRecord,
    meeting: MeetingRecord,
    reader_id: str,
    now: datetime,
    **more: Any,
) -> list[Notice]:
    """The email of `kind` (with `more` of its facts) to one party; none when the meeting
    cannot be described (its proposer's address is gone) or the reader has no address."""
    people = _people(match)
    organizer = people.get(meeting.proposed_by)
    reader = people.get(reader_id)
    if organizer is None or reader is None:
        logger.warning("Meeting notice left out", notice_kind=kind.kind)
        return []
    facts = kind(
        reader_name=reader.name,
        other_name=_names(match)[match.other_party(reader_id)],
        match_id=match.match_id,
        meeting=_meeting_facts(
            meeting, organizer=organizer, attendees=tuple(p for p in people.values() if p)
        ),
        **more,
    )
    return [notice(facts, now, to=reader.email, about=(match.mentee_id, match.mentor_id))]


def _meeting_facts(
    meeting: MeetingRecord, organizer: Person, attendees: tuple[Person, ...]
) -> MeetingFacts:
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


def _to_both(
    kind: type[MeetingNotice],
    match: MatchRecord,
    meeting: MeetingRecord,
    now: datetime,
    **more: Any,
) -> list[Notice]:
    return [
        told
        for party in (match.mentee_id, match.mentor_id)
        for told in _to_party(kind, match, meeting, party, now, **more)
    ]


def meeting_proposed(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    """The other party, with the proposer's note, to confirm or decline."""
    other = match.other_party(meeting.proposed_by)
    return _to_party(MeetingProposed, match, meeting, other, now)


def meeting_answered(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    """`meeting` as it now is: confirmed (both, with the invitation) or declined (the
    proposer)."""
    if meeting.status is MeetingStatus.CONFIRMED:
        return _to_both(MeetingConfirmed, match, meeting, now)
    return _to_party(MeetingDeclined, match, meeting, meeting.proposed_by, now)


def meeting_cancelled(
    match: MatchRecord, meeting: MeetingRecord, was: MeetingStatus, by: str, now: datetime
) -> list[Notice]:
    """Cancelled by one of the two (`by`, a user id). A confirmed meeting: both get the
    calendar cancellation. A proposal: the other party is told it was withdrawn (or,
    cancelled by them, the proposer is told)."""
    if was is MeetingStatus.CONFIRMED:
        by_name = _names(match).get(by, "")
        return _to_both(
            MeetingCancelled,
            match,
            meeting,
            now,
            because=CancelledBecause.PARTY,
            cancelled_by=by_name,
        )
    return _to_party(MeetingWithdrawn, match, meeting, match.other_party(by), now)


def meeting_cancelled_by_the_end(
    match: MatchRecord, meeting: MeetingRecord, because: CancelledBecause, now: datetime
) -> list[Notice]:
    """A confirmed meeting still to come when its match ended: both get the cancellation."""
    return _to_both(MeetingCancelled, match, meeting, now, because=because)


def meeting_cancelled_for_the_one_left(
    match: MatchRecord, meeting: MeetingRecord, leaver_id: str, now: datetime
) -> list[Notice]:
    """A confirmed meeting of a person erasing their account: only the other party is told,
    and their calendar file names only them (the one who left keeps no address here). It
    names the one who left, as the farewell itself does, and is about no one else."""
    stays = match.other_party(leaver_id)
    person = _people(match).get(stays)
    if person is None:
        return []
    facts = MeetingCancelled(
        reader_name=person.name,
        other_name=_names(match)[leaver_id],
        match_id=match.match_id,
        meeting=_meeting_facts(meeting, organizer=person, attendees=(person,)),
        because=CancelledBecause.PARTNER_LEFT,
    )
    return [notice(facts, now, to=person.email)]


def meeting_reminder(match: MatchRecord, meeting: MeetingRecord, now: datetime) -> list[Notice]:
    return _to_both(MeetingReminder, match, meeting, now)
