"""What the services need from outside them, in the scheme's words: one Protocol per need,
and the errors those ports raise.

Services depend on these, never on DynamoDB, Cognito or SES: mentoring.data implements the
storage and identity ports over the one table and the user pool, mentoring.mail.mailer the
mailer (mentoring.wiring puts them together), and tests may pass anything that fits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import (
    Attendance,
    CodeOfPracticeRecord,
    ConcernRecord,
    ConcernStatus,
    EndReason,
    EvaluationRecord,
    MatchContents,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MeetingRecord,
    MeetingStatus,
    MenteeRecord,
    MentorRecord,
    MentorStatus,
    PersonalData,
    Reminder,
    RequestStatus,
    SessionRecord,
    TrainingRecord,
    WaitingEntryRecord,
)
from mentoring.domain.search_terms import Term
from mentoring.domain.standing import Standing
from mentoring.mail.message import Email
from mentoring.mail.notices import Notice

# ---- errors the ports raise ---------------------------------------------------------------


class PlanChanged(Exception):
    """Proposing a meeting: the match's sessions or meetings changed since it was read, so
    count again."""


class SessionConflict(Exception):
    """Logging a session: the match changed between reading it and writing, so read it again."""


class StandingChanged(Exception):
    """A person's profile changed between reading it and writing their standing: again."""


class OfferClosed(Exception):
    """A request meant to take up an offered place found the offer no longer open (it lapsed,
    or was left): it is an ordinary request after all."""


# ---- storage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declining:
    """The requests still waiting on a mentor whom a change leaves without room or unavailable
    (`reason`: mentor_full or mentor_unavailable), each with the notices that tell its mentee:
    declined with that change."""

    reason: str
    requests: tuple[tuple[MatchRequestRecord, tuple[Notice, ...]], ...] = ()


Item = dict[str, Any]


class ProfileReader(Protocol):
    def mentee(self, user_id: str) -> MenteeRecord | None: ...
    def mentor(self, user_id: str) -> MentorRecord | None: ...


class Profiles(ProfileReader, Protocol):
    def current_code(self) -> CodeOfPracticeRecord | None: ...
    def add_mentee(self, record: MenteeRecord) -> None: ...
    def add_mentor(self, record: MentorRecord, notices: Sequence[Notice] = ()) -> None: ...
    def profiles(self, user_id: str) -> tuple[MenteeRecord | None, MentorRecord | None]: ...
    def update_mentee(
        self, user_id: str, changes: Mapping[str, Any], now: datetime
    ) -> MenteeRecord: ...
    def mentors_by_status(
        self, status: MentorStatus | None, page: PageRequest, standing: Standing | None = None
    ) -> Page[MentorRecord]: ...
    def directory(
        self,
        matches: Callable[[MentorRecord], bool],
        page: PageRequest,
        term: Term | None = None,
    ) -> Page[MentorRecord]: ...


class MentorListings(Protocol):
    def update_mentor(
        self,
        user_id: str,
        changes: Mapping[str, Any],
        now: datetime,
        declining: Declining | None = None,
    ) -> MentorRecord: ...
    def change_mentor_status(
        self,
        current: MentorRecord,
        to: MentorStatus,
        allowed_from: frozenset[MentorStatus],
        now: datetime,
        notices: Sequence[Notice] = (),
        declining: Declining | None = None,
    ) -> MentorRecord: ...
    def leave_directory(self, mentor: MentorRecord) -> None: ...
    def restand(
        self,
        user_id: str,
        change: Callable[
            [MentorRecord],
            tuple[dict[str, Any], Sequence[Notice], Sequence[TrainingRecord | Attendance]],
        ],
        now: datetime,
    ) -> MentorRecord: ...


class MatchContentsReader(Protocol):
    def contents(self, match_id: str) -> MatchContents: ...


class PersonalDataReader(Protocol):
    def everything_about(self, user_id: str) -> PersonalData: ...


class Totals(Protocol):
    def read(self) -> Mapping[str, int]: ...


class Accounts(Protocol):
    def mark_erased(self, user_id: str, now: datetime) -> None: ...
    def delete_own_items(self, user_id: str) -> int: ...


class Requests(Protocol):
    def ask(
        self,
        record: MatchRequestRecord,
        day: str,
        max_per_day: int,
        expires_at: int,
        notices: Sequence[Notice] = (),
    ) -> None: ...
    def get(self, request_id: str) -> MatchRequestRecord | None: ...
    def close(
        self,
        record: MatchRequestRecord,
        to: RequestStatus,
        now: datetime,
        reason: str | None = None,
        notices: Sequence[Notice] = (),
    ) -> MatchRequestRecord: ...
    def accept(
        self, record: MatchRequestRecord, match: MatchRecord, notices: Sequence[Notice] = ()
    ) -> MatchRequestRecord: ...
    def claim_reminder(
        self, request_id: str, step: Reminder, now: datetime, notices: Sequence[Notice]
    ) -> bool: ...
    def anonymise(self, request_id: str, as_mentee: bool) -> None: ...


class RequestLists(Protocol):
    def overdue_ids(self, now: datetime) -> Iterator[str]: ...
    def count_overdue(self, now: datetime) -> int: ...
    def waiting_on(self, mentor_id: str) -> Iterator[MatchRequestRecord]: ...
    def of_user(
        self, user_id: str, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestRecord]: ...
    def every(
        self, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestRecord]: ...
    def involving(self, user_id: str) -> Iterator[Item]: ...


class Offered(StrEnum):
    """What came of offering a mentor's free place to one waiting mentee."""

    OFFERED = "offered"
    NO_PLACE = "no_place"  # no place free for anyone (or the mentor takes no requests)
    NOT_WAITING = "not_waiting"  # the entry changed (left, or offered) since it was read
    MATCHED = "matched"  # the mentee was matched meanwhile, and leaves the list


class WaitingLists(Protocol):
    def join(self, entry: WaitingEntryRecord, most_lists: int) -> None: ...
    def leave(self, entry: WaitingEntryRecord, now: datetime) -> bool: ...
    def entry(self, mentee_id: str, mentor_id: str) -> WaitingEntryRecord | None: ...
    def of_mentee(self, mentee_id: str) -> list[WaitingEntryRecord]: ...
    def line(self, mentor_id: str) -> Iterator[WaitingEntryRecord]: ...
    def line_page(self, mentor_id: str, page: PageRequest) -> Page[WaitingEntryRecord]: ...
    def offer(
        self,
        entry: WaitingEntryRecord,
        expires_at: datetime,
        now: datetime,
        notices: Sequence[Notice],
    ) -> Offered: ...
    def lapse(
        self, entry: WaitingEntryRecord, now: datetime, notices: Sequence[Notice]
    ) -> bool: ...
    def offers_lapsed_by(self, now: datetime) -> Iterator[tuple[str, str]]: ...
    def places_freed_by(self, now: datetime) -> Iterator[str]: ...
    def place_mark(self, mentor_id: str) -> str | None: ...
    def clear_place_mark(self, mentor_id: str, mark: str) -> None: ...


class PlaceOffers(Protocol):
    def offer_free_places(self, mentor_id: str, now: datetime | None = None) -> int:
        """After a change that may have freed a mentor's place: offer each free place to the
        next mentee waiting for it; how many were offered."""
        ...

    def leave_every_list(self, mentee_id: str, now: datetime) -> None:
        """A mentee matched (or erased) leaves every waiting list."""
        ...

    def holds_offer(self, mentee_id: str, mentor_id: str, now: datetime) -> bool:
        """Whether a place with this mentor is held for this mentee at `now`."""
        ...


class WaitingListRights(PlaceOffers, Protocol):
    """What export and erasure need of the waiting lists."""

    def close_line(self, mentor_id: str, now: datetime) -> None: ...


class Concerns(Protocol):
    def add(self, record: ConcernRecord, notices: Sequence[Notice]) -> None: ...
    def get(self, concern_id: str) -> ConcernRecord | None: ...
    def answer(
        self,
        answered: ConcernRecord,
        seen: ConcernStatus,
        kept_until: datetime | None,
        notices: Sequence[Notice],
    ) -> None: ...
    def of_raiser(self, user_id: str, page: PageRequest) -> Page[ConcernRecord]: ...
    def every(self, status: ConcernStatus | None, page: PageRequest) -> Page[ConcernRecord]: ...
    def ids_raised_by(self, user_id: str) -> list[str]: ...
    def forget_raiser(self, concern_id: str) -> None: ...


class Attendances(Protocol):
    def forget_attendance(self, supervision_id: str, mentor_id: str) -> None: ...


class MatchReader(Protocol):
    def get(self, match_id: str) -> MatchRecord | None: ...


class Matches(MatchReader, Protocol):
    def end(
        self,
        match: MatchRecord,
        reason: EndReason,
        now: datetime,
        notices: Sequence[Notice] = (),
    ) -> MatchRecord: ...
    def quiet_since_ids(self, before: datetime) -> Iterator[str]: ...
    def ended_between_ids(self, since: datetime, before: datetime) -> Iterator[str]: ...
    def claim_nudge(
        self, match_id: str, quiet_since: datetime, notices: Sequence[Notice]
    ) -> bool: ...
    def claim_evaluation_reminder(
        self, match_id: str, now: datetime, notices: Sequence[Notice]
    ) -> bool: ...
    def of_user(
        self, user_id: str, status: MatchStatus | None, page: PageRequest
    ) -> Page[MatchRecord]: ...
    def every(self, status: MatchStatus | None, page: PageRequest) -> Page[MatchRecord]: ...
    def involving(self, user_id: str) -> Iterator[Item]: ...
    def anonymise(self, match_id: str, as_mentee: bool) -> None: ...


class Sessions(Protocol):
    def log(
        self, match: MatchRecord, session: SessionRecord, notices: Sequence[Notice] = ()
    ) -> None: ...
    def of_match(self, match_id: str, page: PageRequest) -> Page[SessionRecord]: ...
    def set_mentee_notes(
        self, match_id: str, number: int, notes: str, now: datetime
    ) -> SessionRecord: ...
    def forget(self, match_id: str, number: int, as_mentee: bool) -> None: ...


class Evaluations(Protocol):
    def add(self, match: MatchRecord, evaluation: EvaluationRecord) -> None: ...
    def of_match(self, match_id: str) -> EvaluationRecord | None: ...
    def of_mentor(self, mentor_id: str) -> list[EvaluationRecord]: ...
    def anonymise(self, match_id: str, as_mentee: bool) -> None: ...


@dataclass(frozen=True)
class Parked:
    """A notification that could not be sent (failed, or its sender died holding it)."""

    notice_id: str
    written_at: datetime


class ParkedNotifications(Protocol):
    def unsent_before(self, before: datetime, leases_ended_by: datetime) -> Iterator[Parked]: ...
    def redrive(self, notice_id: str, now: datetime, leases_ended_by: datetime) -> bool: ...


class UnsentNotifications(Protocol):
    def forget_unsent_about(self, user_id: str, addresses: Collection[str]) -> int: ...


class Meetings(Protocol):
    def propose(
        self, match: MatchRecord, meeting: MeetingRecord, notices: Sequence[Notice]
    ) -> None: ...
    def get(self, match_id: str, meeting_id: str) -> MeetingRecord | None: ...
    def of_match(self, match_id: str, page: PageRequest) -> Page[MeetingRecord]: ...
    def all_of_match(self, match_id: str) -> list[MeetingRecord]: ...
    def change(
        self,
        meeting: MeetingRecord,
        to: MeetingStatus,
        now: datetime,
        notices: Sequence[Notice],
    ) -> MeetingRecord: ...
    def confirmed_starting(self, after: datetime, before: datetime) -> list[MeetingRecord]: ...
    def claim_reminder(
        self, meeting: MeetingRecord, now: datetime, notices: Sequence[Notice]
    ) -> bool: ...
    def forget(self, meeting: MeetingRecord, user_id: str, as_mentee: bool) -> None: ...


# ---- sending email --------------------------------------------------------------------------


class Claim(StrEnum):
    """What a sender found when it claimed a notification."""

    TAKEN = "taken"  # this sender may send it
    ALREADY_SENT = "already_sent"
    IN_HAND = "in_hand"  # another sender holds it: try again later
    GONE = "gone"  # no such notification (removed with an erased account, or expired)


class NotificationClaims(Protocol):
    def claim(self, notice_id: str, now: datetime, lease: timedelta, by: str) -> Claim: ...
    def mark_sent(self, notice_id: str, now: datetime) -> None: ...
    def mark_failed(self, notice_id: str, now: datetime, error: str) -> None: ...
    def set_aside(self, notice_id: str, now: datetime, reason: str) -> bool: ...


class Mailer(Protocol):
    def send(self, email: Email) -> None:
        """Send it, or raise mentoring.mail.message.EmailNotSent."""
        ...


# ---- the user directory ---------------------------------------------------------------------


class Identity(Protocol):
    def delete_user(self, user_id: str) -> None:
        """Sign the account out everywhere and remove it; no error if it is already gone."""
        ...
