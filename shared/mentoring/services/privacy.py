"""UK GDPR rights: a copy of everything stored about you, and erasure of your account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from mentoring.clock import Clock, to_utc_text
from mentoring.domain.models import (
    ConcernView,
    EvaluationView,
    MatchRequestView,
    MatchView,
    MeetingView,
    MenteeProfile,
    MentorProfile,
    SessionView,
)
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    EndReason,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    RequestStatus,
)
from mentoring.domain.standing_views import TrainingView
from mentoring.errors import InvalidTransition, MatchNotActive
from mentoring.mail.kinds.accounts import partner_left
from mentoring.observability import logger, metrics
from mentoring.services.ending import after_match_ended
from mentoring.services.evaluation import feedback_from
from mentoring.services.ports import (
    Accounts,
    Attendances,
    Concerns,
    Evaluations,
    Identity,
    MatchContentsReader,
    Matches,
    Meetings,
    MentorListings,
    PersonalDataReader,
    Profiles,
    RequestLists,
    Requests,
    Sessions,
    UnsentNotifications,
    WaitingListRights,
)

MENTOR_LEFT = "The mentor has left the scheme."


@dataclass(frozen=True, kw_only=True)
class Participation:
    """What else a person took part in: waiting lists, concerns raised, supervision attended."""

    waiting_lists: WaitingListRights
    concerns: Concerns
    standing: Attendances


@dataclass(frozen=True, kw_only=True)
class AccountStores:
    """The account itself: its profiles, its directory listing and waiting-list places, the
    concerns it raised, the supervision it attended, the erased mark, the sign-in."""

    profiles: Profiles
    listing: MentorListings
    took_part: Participation
    accounts: Accounts
    identity: Identity


@dataclass(frozen=True, kw_only=True)
class RequestStores:
    requests: Requests
    lists: RequestLists


@dataclass(frozen=True, kw_only=True)
class MatchStores:
    """A match and what it holds: its sessions, meetings and evaluation."""

    matches: Matches
    meetings: Meetings
    sessions: Sessions
    evaluations: Evaluations
    contents: MatchContentsReader


@dataclass(frozen=True, kw_only=True)
class PrivacyService:
    account: AccountStores
    request_stores: RequestStores
    match_stores: MatchStores
    notifications: UnsentNotifications
    personal_data: PersonalDataReader
    clock: Clock

    def export(self, caller: Principal) -> dict[str, Any]:
        """One JSON document of everything stored about the caller."""
        user = caller.user_id
        data = self.personal_data.everything_about(user)
        mentor = data.mentor
        logger.info("Data exported", user_id=user)
        # Each as the API shows it to them (its fields, its UTC times), never as stored.
        return {
            "exported_at": to_utc_text(self.clock.now()),
            "account": {"user_id": user, "email": caller.email, "groups": sorted(caller.groups)},
            "mentee_profile": _shown(MenteeProfile.of(data.mentee)) if data.mentee else None,
            "mentor_profile": _shown(MentorProfile.of(mentor)) if mentor else None,
            "daily_request_counts": [
                {"day": day, "request_count": count} for day, count in data.daily_request_counts
            ],
            "match_requests": [_shown(MatchRequestView.of(r)) for r in data.requests],
            "matches": [_shown(MatchView.of(m, viewer=user)) for m in data.matches],
            "sessions": [
                {"match_id": s.match_id, **_shown(SessionView.of(s))} for s in data.sessions
            ],
            "meetings": [_shown(MeetingView.of(meeting)) for meeting in data.meetings],
            # What they wrote; of what was written about them as a mentor, only the totals.
            "evaluations_given": [_shown(EvaluationView.of(e)) for e in data.evaluations_given],
            "mentor_feedback": (
                feedback_from(data.evaluations_received).model_dump() if mentor else None
            ),
            "waiting_lists": [
                {
                    "mentor_id": entry.mentor_id,
                    "mentor_name": entry.mentor_name,
                    "status": entry.status.value,
                    "joined_at": to_utc_text(entry.joined_at),
                    "offer_expires_at": _utc_or_none(entry.offer_expires_at),
                }
                for entry in data.waiting_lists
            ],
            "concerns_raised": [_shown(ConcernView.of(concern)) for concern in data.concerns],
            # The Code each profile agreed is in the profiles above.
            "training": [_shown(TrainingView.of(record)) for record in data.training],
            "supervision": [
                {"supervision_id": s.supervision_id, "held_on": s.held_on.isoformat()}
                for s in data.supervision
            ],
        }

    def erase(self, caller: Principal) -> None:
        """Close what is open (telling the other party), anonymise the rest, delete the account.

        Each step can be repeated, so a failure part-way is put right by calling again; the
        sign-in account goes last (signed out everywhere first), so the caller can always call
        again. The identity's ID tokens stay valid until they expire (at most an hour), but a
        mark kept for a day stops them registering, and so acting, again.
        """
        user = caller.user_id
        now = self.clock.now()
        # First, so that the caller's tokens (valid until they expire) cannot register again,
        # even while the rest of the erasure runs.
        self.account.accounts.mark_erased(user, now)
        # The indexes may lag a request or match made moments ago; the mentee profile does not.
        mentee, mentor = self.account.profiles.profiles(user)
        addresses = {
            a for a in (caller.email, mentee and mentee.email, mentor and mentor.email) if a
        }
        request_ids = {i["request_id"] for i in self.request_stores.lists.involving(user)}
        match_ids = {i["match_id"] for i in self.match_stores.matches.involving(user)}
        if mentee is not None and mentee.pending_request_id:
            request_ids.add(mentee.pending_request_id)
        if mentee is not None and mentee.active_match_id:
            match_ids.add(mentee.active_match_id)
        # Off every waiting list (an offer held passes on), and a mentor's own list closes.
        self.account.took_part.waiting_lists.leave_every_list(user, now)
        if mentor is not None:
            self.account.took_part.waiting_lists.close_line(mentor.user_id, now)
        requests = [r for r in map(self.request_stores.requests.get, sorted(request_ids)) if r]
        matches = [m for m in map(self.match_stores.matches.get, sorted(match_ids)) if m]
        for request in requests:
            if request.status is RequestStatus.PENDING:
                self._close_request(request, as_mentee=request.mentee_id == user)
        for match in matches:
            if match.status is MatchStatus.ACTIVE:
                self._end_match(match, as_mentee=match.mentee_id == user)
        for request in requests:
            self.request_stores.requests.anonymise(request.request_id, request.mentee_id == user)
        for match in matches:
            self._anonymise_match(match, user)
        # Supervision sessions they attended no longer name them (their attendance goes with
        # their own partition below).
        for session in self.personal_data.everything_about(user).supervision:
            self.account.took_part.standing.forget_attendance(session.supervision_id, user)
        # Concerns they raised stay, for safeguarding, without their name, address or id.
        for concern_id in self.account.took_part.concerns.ids_raised_by(user):
            self.account.took_part.concerns.forget_raiser(concern_id)
        # Emails not yet sent that carry their name, words or address go too, whoever they
        # are to; the other party's farewell (written above) is about no one.
        self.notifications.forget_unsent_about(user, addresses)
        if mentor is not None:
            self.account.listing.leave_directory(mentor)
        self.account.accounts.delete_own_items(user)
        self.account.identity.delete_user(user)
        logger.info("Account erased", erased_at=to_utc_text(now))
        metrics.add_metric(name="AccountErased", unit="Count", value=1)

    def _anonymise_match(self, match: MatchRecord, user: str) -> None:
        """Their words go from the match's sessions (a mentee's log is about them) and from
        the meetings they proposed; their name and id from the match and its evaluation; their
        key from everything the match holds."""
        as_mentee = match.mentee_id == user
        contents = self.match_stores.contents.contents(match.match_id)
        for session in contents.sessions:
            self.match_stores.sessions.forget(match.match_id, session["session_number"], as_mentee)
        for meeting in contents.meetings:
            self.match_stores.meetings.forget(meeting, user, as_mentee)
        if contents.evaluation is not None:
            self.match_stores.evaluations.anonymise(match.match_id, as_mentee)
        self.match_stores.matches.anonymise(match.match_id, as_mentee)

    def _close_request(self, request: MatchRequestRecord, as_mentee: bool) -> None:
        """Withdrawn (the mentee left) or declined (the mentor left); the other is told."""
        now = self.clock.now()
        told = partner_left(request, leaver_is_mentee=as_mentee, now=now)
        try:
            if as_mentee:
                self.request_stores.requests.close(
                    request, RequestStatus.WITHDRAWN, now, notices=told
                )
            else:
                self.request_stores.requests.close(
                    request, RequestStatus.DECLINED, now, MENTOR_LEFT, told
                )
        except InvalidTransition:
            return  # answered meanwhile
        if request.holds_place and as_mentee:  # the place it held goes to the next in line
            self.account.took_part.waiting_lists.offer_free_places(request.mentor_id, now)

    def _end_match(self, match: MatchRecord, as_mentee: bool) -> None:
        reason = EndReason.ENDED_BY_MENTEE if as_mentee else EndReason.ENDED_BY_MENTOR
        now = self.clock.now()
        told = partner_left(match, leaver_is_mentee=as_mentee, now=now)
        try:
            self.match_stores.matches.end(match, reason, now, told)
        except MatchNotActive:
            return
        leaver = match.mentee_id if as_mentee else match.mentor_id
        after_match_ended(
            self.match_stores.meetings,
            self.account.took_part.waiting_lists,
            match,
            reason,
            now,
            leaver,
        )


def _utc_or_none(moment: datetime | None) -> str | None:
    return to_utc_text(moment) if moment else None


def _shown(view: BaseModel) -> dict[str, Any]:
    return view.model_dump(mode="json")
