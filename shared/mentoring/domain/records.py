"""Stored records: what the repository writes and reads back, re-validated on every read.

These are not API models: they carry fields (email, registration number, counters) that
only some callers may see. mentoring.domain.models builds the API views from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from mentoring.clock import to_utc_text as _utc_text
from mentoring.domain.fields import Profession
from mentoring.domain.standing import ReasonCode, Standing


class MenteeStatus(StrEnum):
    ACTIVE = "active"


class MentorStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    DECLINED = "declined"  # an application not selected (it may still be approved later)


class _Record(BaseModel):
    # Key attributes (PK, SK, GSI keys) are the repository's business: ignore them on read.
    # Built when first used, not at import (a cold start's cost): see models.ResponseModel.
    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)


class StandingReasonRecord(_Record):
    code: ReasonCode
    by: date


class ProfileRecord(_Record):
    user_id: str
    email: str | None
    name: str
    profession: Profession
    grade: str
    specialty: str
    placement_site: str
    region: str
    in_postgraduate_training: bool
    pmq_country: str
    registration_number: str
    languages: list[str]
    bio: str | None = None
    code_of_practice_version: str
    created_at: datetime
    updated_at: datetime
    # Kept by every write that changes it, and by the daily schedule (mentoring.domain.standing).
    standing: Standing = Standing.GOOD
    standing_reasons: list[StandingReasonRecord] = []
    standing_notified: list[str] = []  # the reasons (Reason.key) already told, each once
    standing_check: date | None = None  # the day the schedule looks again


class MenteeRecord(ProfileRecord):
    status: MenteeStatus = MenteeStatus.ACTIVE
    # Set and cleared by the same transactions that change requests and matches.
    pending_request_id: str | None = None
    active_match_id: str | None = None


class MentorRecord(ProfileRecord):
    country_of_origin: str
    capacity: int
    training_completed_on: date
    accepting_requests: bool = True
    status: MentorStatus = MentorStatus.PENDING_APPROVAL
    active_matches: int = 0
    # Places taken by matches or held for a mentee offered one from the waiting list (by the
    # offer, then by the request it becomes): a stranger's request needs one of these free.
    places_taken: int = 0
    approved_at: datetime | None = None
    suspended_at: datetime | None = None
    declined_at: datetime | None = None
    training_valid_until: date | None = None  # None on profiles from before it was kept
    supervision_last_attended_on: date | None = None

    @property
    def listed(self) -> bool:
        """In the directory: approved, and not lapsed."""
        return self.status is MentorStatus.APPROVED and self.standing is not Standing.LAPSED

    @property
    def available(self) -> bool:
        """Listed, accepting requests, and with a place free for anyone."""
        return self.listed and self.accepting_requests and self.places_taken < self.capacity


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


# What an erased person's id and name become wherever they appear.
ERASED_ID = "erased"
ERASED_NAME = "Former participant"


class Reminder(StrEnum):
    """The steps of a request's reminder ladder, each claimed once by the time it was taken."""

    REMINDED = "reminded_at"
    ESCALATED = "escalated_at"


class MatchReminder(StrEnum):
    """The schedule's claims on a match."""

    NUDGED_FOR = "nudged_for"  # the start of the quiet spell last nudged
    EVALUATION = "evaluation_reminded_at"


MENTOR_FULL = "mentor_full"
MENTOR_UNAVAILABLE = "mentor_unavailable"  # declined because an administrator suspended them


class MatchRequestRecord(_Record):
    request_id: str
    mentee_id: str
    mentor_id: str
    mentee_name: str
    mentor_name: str
    # Contact addresses at the time of the request, for the emails about it and the
    # introduction (None on records from before they were kept, and once erased).
    mentee_email: str | None = None
    mentor_email: str | None = None
    status: RequestStatus
    message: str
    created_at: datetime
    respond_by: datetime
    decided_at: datetime | None = None
    decline_reason: str | None = None
    match_id: str | None = None
    # Each step of the reminder ladder is claimed once, by a conditional write of its time.
    reminded_at: datetime | None = None
    escalated_at: datetime | None = None
    # Sent by a mentee offered a place from the mentor's waiting list: the place stays held
    # for them until the request is answered (mentoring.services.waiting_lists).
    holds_place: bool = False

    def is_party(self, user_id: str) -> bool:
        return user_id in (self.mentee_id, self.mentor_id)


class WaitingStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"


class WaitingEntryRecord(_Record):
    """A mentee in line for one mentor's next free place."""

    mentee_id: str
    mentor_id: str
    mentee_name: str
    mentor_name: str
    mentee_email: str | None = None
    status: WaitingStatus
    joined_at: datetime
    offered_at: datetime | None = None
    offer_expires_at: datetime | None = None


class ConcernCategory(StrEnum):
    SAFEGUARDING = "safeguarding"
    PROFESSIONAL_CONDUCT = "professional_conduct"
    WELLBEING = "wellbeing"
    OTHER = "other"


class ConcernStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class ConcernRecord(_Record):
    """A concern raised with the administrator: its text is for the administrator alone."""

    concern_id: str
    raiser_id: str
    raiser_name: str
    raiser_email: str | None = None
    category: ConcernCategory
    description: str
    about_match_id: str | None = None
    status: ConcernStatus
    created_at: datetime
    response: str | None = None
    responded_at: datetime | None = None
    responded_by: str | None = None


class CodeOfPracticeRecord(_Record):
    """A published version of the Ethical Framework and Code of Practice."""

    version: str
    url: str
    summary: str
    published_at: datetime
    agree_by: date


class TrainingRecord(_Record):
    training_id: str
    mentor_id: str
    course: str
    completed_on: date
    recorded_at: datetime


class SupervisionRecord(_Record):
    supervision_id: str
    held_on: date
    attendees: list[str]
    recorded_at: datetime


@dataclass(frozen=True)
class Attendance:
    """One mentor's attendance at a supervision session."""

    session: SupervisionRecord
    mentor_id: str


class MatchStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(StrEnum):
    SESSIONS_COMPLETE = "sessions_complete"
    ENDED_BY_MENTEE = "ended_by_mentee"
    ENDED_BY_MENTOR = "ended_by_mentor"
    ENDED_BY_ADMIN = "ended_by_admin"


class MatchRecord(_Record):
    match_id: str
    request_id: str
    mentee_id: str
    mentor_id: str
    mentee_name: str
    mentor_name: str
    # Each party's address, given to the other so they can arrange to meet.
    mentee_email: str | None = None
    mentor_email: str | None = None
    status: MatchStatus
    sessions_used: int = 0
    sessions_limit: int
    started_at: datetime
    ended_at: datetime | None = None
    end_reason: EndReason | None = None
    last_session_at: datetime | None = None
    evaluated: bool = False
    # Reminder-job claims: the inactivity period nudged (its start), the evaluation reminder.
    nudged_for: datetime | None = None
    evaluation_reminded_at: datetime | None = None
    # Meetings proposed or confirmed ("<starts_at>#<meeting_id>"), written with each meeting's
    # change; planning_version guards proposing against a stale count.
    planned_meetings: frozenset[str] = frozenset()
    planning_version: int = 0

    def is_party(self, user_id: str) -> bool:
        return user_id in (self.mentee_id, self.mentor_id)

    def other_party(self, user_id: str) -> str:
        return self.mentor_id if user_id == self.mentee_id else self.mentee_id

    def upcoming_meetings(self, now: datetime) -> int:
        """Meetings proposed or confirmed that have not started yet."""
        return sum(1 for entry in self.planned_meetings if entry.split("#")[0] > _utc_text(now))


class SessionMode(StrEnum):
    FACE_TO_FACE = "face_to_face"
    VIRTUAL = "virtual"


class MeetingStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class MeetingRecord(_Record):
    """A meeting one party proposed; the other confirms or declines; either cancels."""

    meeting_id: str
    match_id: str
    proposed_by: str
    starts_at: datetime
    duration_minutes: int
    mode: SessionMode
    location: str | None = None  # face to face: the place
    video_link: str | None = None  # virtual: an https:// link
    note: str | None = None  # to the other party
    status: MeetingStatus
    created_at: datetime
    decided_at: datetime | None = None
    # The calendar invitation's SEQUENCE: raised by every change sent to calendars.
    sequence: int = 0
    reminded_at: datetime | None = None

    @property
    def place(self) -> str:
        return (self.location if self.mode is SessionMode.FACE_TO_FACE else self.video_link) or ""

    def planned_entry(self) -> str:
        return f"{_utc_text(self.starts_at)}#{self.meeting_id}"


class SessionRecord(_Record):
    """One activity log: confidential to the match's two parties (summary, actions, notes)."""

    match_id: str
    session_number: int
    held_on: date
    mode: SessionMode
    duration_minutes: int
    topics: list[str] = []
    summary: str
    actions: str = ""
    mentee_notes: str | None = None
    logged_at: datetime
    notes_updated_at: datetime | None = None


class HelpArea(StrEnum):
    SETTLING_IN = "settling_in"
    NHS_CULTURE = "nhs_culture"
    EXAMS = "exams"
    TRAINING_PROGRESSION = "training_progression"
    CLINICAL_PRACTICE = "clinical_practice"
    COMMUNICATION_AND_LANGUAGE = "communication_and_language"
    WELLBEING = "wellbeing"
    CAREER_PLANNING = "career_planning"
    NETWORKING = "networking"
    OTHER = "other"


class EvaluationRecord(_Record):
    match_id: str
    mentee_id: str | None = None  # None once the mentee has erased their account
    mentor_id: str | None = None  # None once the mentor has erased theirs
    overall_rating: int
    mentor_support_rating: int
    would_recommend: bool
    helped_with: list[HelpArea] = []
    comments: str = ""
    submitted_at: datetime


@dataclass(frozen=True)
class MatchContents:
    """What a match's partition holds besides the match (export, erasure)."""

    sessions: list[dict[str, Any]]  # as stored, without keys (what an export shows)
    meetings: list[MeetingRecord]  # soonest first (their ids begin with their start)
    evaluation: EvaluationRecord | None


@dataclass(frozen=True)
class PersonalData:
    """Everything stored about one person (export): stored items are without their keys."""

    mentee: MenteeRecord | None
    mentor: MentorRecord | None
    daily_request_counts: list[tuple[str, int]]  # (day, requests sent that day)
    requests: list[MatchRequestRecord]  # sent and received, oldest first
    matches: list[MatchRecord]  # as mentee and as mentor, oldest first
    sessions: list[SessionRecord]  # by match, then by number
    meetings: list[MeetingRecord]
    evaluations_given: list[EvaluationRecord]  # of their matches as a mentee
    evaluations_received: list[EvaluationRecord]  # of their matches as a mentor
    waiting_lists: list[WaitingEntryRecord]  # the lists they joined, oldest first
    concerns: list[ConcernRecord]  # the concerns they raised, oldest first
    training: list[TrainingRecord]  # recorded for them as a mentor, oldest first
    supervision: list[SupervisionRecord]  # sessions they attended (their own id only)
