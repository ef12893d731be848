"""Matching: a mentee asks one mentor at a time; the mentor accepts or declines; matches end.

Every rule is a condition in mentoring.matching_repository's writes; this module decides what
to ask for, and tells people by email once the change is safely stored. An email that cannot
be sent is logged and counted, never allowed to undo a stored decision.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError

from mentoring import emails
from mentoring.access import visible_match
from mentoring.action_tokens import Action, ActionClaim, ActionTokens
from mentoring.auth import Principal
from mentoring.calendar import add_working_days, end_of_london_day
from mentoring.clock import LONDON, Clock, today_in_london
from mentoring.config import SESSIONS_LIMIT, Settings
from mentoring.errors import (
    DomainError,
    Forbidden,
    Gone,
    InvalidTransition,
    MentorUnavailable,
    NotFound,
    ValidationFailed,
)
from mentoring.mailer import Email, EmailNotSent, Mailer
from mentoring.matching_repository import MatchingRepository
from mentoring.models import (
    DeclineBody,
    MatchRequestCreate,
    MatchRequestView,
    MatchView,
    Page,
)
from mentoring.observability import logger, metrics
from mentoring.pagination import PageRequest
from mentoring.records import (
    MENTOR_FULL,
    EndReason,
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    MenteeRecord,
    MentorRecord,
    MentorStatus,
    RequestStatus,
)


def respond_by_for(created_at: datetime, working_days: int) -> datetime:
    """The end (23:59:59 London) of the n-th working day after the day of the request."""
    return end_of_london_day(add_working_days(created_at.astimezone(LONDON).date(), working_days))


def ladder_deadline(respond_by: datetime, working_days_after: int) -> datetime:
    """The end of the n-th working day after the deadline's own day."""
    day = respond_by.astimezone(LONDON).date()
    return end_of_london_day(add_working_days(day, working_days_after))


@dataclass
class Notifier:
    """Builds and sends the emails about requests and matches (links signed with the tokens)."""

    repository: MatchingRepository
    mailer: Mailer
    tokens: Callable[[], ActionTokens]
    settings: Settings

    def send(self, email: Email) -> bool:
        if not all(email.to):
            logger.warning("Email has no recipient address", email_kind=email.kind)
            return False
        try:
            self.mailer.send(email)
        except EmailNotSent:
            return False
        return True

    def facts(
        self, request: MatchRequestRecord, mentee: MenteeRecord | None
    ) -> emails.RequestFacts:
        summary = (
            f"{mentee.grade}, {mentee.specialty}, {mentee.placement_site}"
            if mentee
            else "a trainee"
        )
        return emails.RequestFacts(
            mentee_name=request.mentee_name,
            mentor_name=request.mentor_name,
            mentee_summary=summary,
            respond_by=request.respond_by,
            request_id=request.request_id,
        )

    def links(self, request: MatchRequestRecord, base_url: str) -> tuple[str, str]:
        """Accept and decline links, valid until the request would expire."""
        tokens = self.tokens()
        expires_at = ladder_deadline(request.respond_by, self.settings.expire_after_working_days)
        accept = tokens.issue(request.request_id, Action.ACCEPT, expires_at)
        decline = tokens.issue(request.request_id, Action.DECLINE, expires_at)
        return f"{base_url}/actions/{accept}", f"{base_url}/actions/{decline}"

    def mentor_email(self, request: MatchRequestRecord) -> str:
        mentor = self.repository.get_mentor(request.mentor_id)
        return (mentor.email or "") if mentor else ""

    def mentee(self, request: MatchRequestRecord) -> MenteeRecord | None:
        return self.repository.get_mentee(request.mentee_id)


@dataclass
class MatchingService:
    repository: MatchingRepository
    clock: Clock
    settings: Settings
    notifier: Notifier

    # ---- requests ----------------------------------------------------------------------

    def create_request(
        self, caller: Principal, body: MatchRequestCreate, base_url: str
    ) -> MatchRequestView:
        mentee = self.repository.get_mentee(caller.user_id)
        if mentee is None:
            raise Forbidden("Register as a mentee before asking for a mentor.")
        if body.mentor_id == caller.user_id:
            raise MentorUnavailable("You cannot be your own mentor.")
        mentor = self.repository.get_mentor(body.mentor_id)
        if mentor is None:
            raise NotFound("No such mentor.")
        if mentor.status is not MentorStatus.APPROVED:
            raise MentorUnavailable()
        now = self.clock.now()
        record = MatchRequestRecord(
            request_id=str(uuid.uuid4()),
            mentee_id=caller.user_id,
            mentor_id=mentor.user_id,
            mentee_name=mentee.name,
            mentor_name=mentor.name,
            status=RequestStatus.PENDING,
            message=body.message,
            created_at=now,
            respond_by=respond_by_for(now, self.settings.response_working_days),
        )
        # Sign the links before writing: if the secret cannot be read, nothing is stored.
        accept, decline = self.notifier.links(record, base_url)
        email = emails.new_request(
            mentor.email or "", self.notifier.facts(record, mentee), record.message, accept, decline
        )
        self.repository.create_request(
            record,
            day=today_in_london(self.clock).isoformat(),
            max_per_day=self.settings.max_requests_per_day,
            counter_expires_at=int((now + timedelta(days=2)).timestamp()),
        )
        logger.info("Match request created", request_id=record.request_id)
        metrics.add_metric(name="MatchRequestCreated", unit="Count", value=1)
        self.notifier.send(email)
        return MatchRequestView.of(record)

    def list_requests(
        self, caller: Principal, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestView]:
        if caller.is_admin:
            found = self.repository.all_requests(status, page)
        else:
            found = self.repository.requests_of(caller.user_id, status, page)
        return Page[MatchRequestView](
            items=[self._request_view(caller, record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get_request(self, caller: Principal, request_id: str) -> MatchRequestView:
        return self._request_view(caller, self._visible_request(caller, request_id))

    def accept(self, caller: Principal, request_id: str) -> MatchView:
        request = self._visible_request(caller, request_id)
        if request.mentor_id != caller.user_id:
            raise Forbidden("Only the mentor can accept a match request.")
        return self._accept(request)

    def decline(self, caller: Principal, request_id: str, body: DeclineBody) -> MatchRequestView:
        request = self._visible_request(caller, request_id)
        if request.mentor_id != caller.user_id:
            raise Forbidden("Only the mentor can decline a match request.")
        return MatchRequestView.of(self._decline(request, body.reason or None))

    def withdraw(self, caller: Principal, request_id: str) -> MatchRequestView:
        request = self._visible_request(caller, request_id)
        if request.mentee_id != caller.user_id:
            raise Forbidden("Only the mentee can withdraw a match request.")
        closed = self.repository.close_request(request, RequestStatus.WITHDRAWN, self.clock.now())
        logger.info("Match request withdrawn", request_id=request.request_id)
        self.notifier.send(
            emails.request_withdrawn(
                self.notifier.mentor_email(request), self.notifier.facts(request, None)
            )
        )
        return MatchRequestView.of(closed)

    # ---- one-click links ---------------------------------------------------------------

    def read_action(self, token: str) -> tuple[ActionClaim, MatchRequestRecord]:
        """What a link would do, without doing it: 400 tampered, 410 expired, 409 answered."""
        claim = self.notifier.tokens().read(token, self.clock.now())
        request = self.repository.get_request(claim.request_id)
        if request is None:
            raise NotFound("This match request no longer exists.")
        if request.status is RequestStatus.EXPIRED:
            raise Gone(
                "It was not answered in time, so the mentee has been asked to choose another "
                "mentor. Nothing more is needed from you."
            )
        if request.status is RequestStatus.WITHDRAWN:
            raise InvalidTransition("The mentee withdrew this request, so it needs no answer.")
        if request.status is not RequestStatus.PENDING:
            raise InvalidTransition(f"This request has already been {request.status.value}.")
        return claim, request

    def perform_action(
        self, token: str, reason: str | None = None
    ) -> tuple[ActionClaim, MatchRequestRecord]:
        """Do what the link says; a decline may carry the reason typed on the page."""
        claim, request = self.read_action(token)
        if claim.action is Action.ACCEPT:
            self._accept(request)
        else:
            self._decline(request, _decline_reason(reason))
        answered = self.repository.get_request(request.request_id)
        return claim, answered or request

    # ---- matches -----------------------------------------------------------------------

    def list_matches(
        self, caller: Principal, status: MatchStatus | None, page: PageRequest
    ) -> Page[MatchView]:
        if caller.is_admin:
            found = self.repository.all_matches(status, page)
        else:
            found = self.repository.matches_of(caller.user_id, status, page)
        return Page[MatchView](
            items=[MatchView.of(record) for record in found.items], next_cursor=found.next_cursor
        )

    def get_match(self, caller: Principal, match_id: str) -> MatchView:
        return MatchView.of(visible_match(self.repository, caller, match_id))

    def end_match(self, caller: Principal, match_id: str) -> MatchView:
        match = visible_match(self.repository, caller, match_id)
        if caller.user_id == match.mentee_id:
            reason = EndReason.ENDED_BY_MENTEE
        elif caller.user_id == match.mentor_id:
            reason = EndReason.ENDED_BY_MENTOR
        else:
            reason = EndReason.ENDED_BY_ADMIN
        return MatchView.of(self.finish_match(match, reason))

    def finish_match(self, match: MatchRecord, reason: EndReason) -> MatchRecord:
        """End a match early, and invite the mentee to evaluate it."""
        ended = self.repository.end_match(match, reason, self.clock.now())
        self.after_match_ended(match, reason)
        return ended

    def after_match_ended(self, match: MatchRecord, reason: EndReason) -> None:
        """Once a match has ended (for any reason): the evaluation invitation to the mentee."""
        logger.info("Match ended", match_id=match.match_id, end_reason=reason.value)
        metrics.add_metric(name="MatchEnded", unit="Count", value=1)
        mentee = self.repository.get_mentee(match.mentee_id)
        self.notifier.send(
            emails.match_ended(
                mentee.email or "" if mentee else "", match.mentee_name, match.mentor_name
            )
        )

    # ---- shared steps ------------------------------------------------------------------

    def _accept(self, request: MatchRequestRecord) -> MatchView:
        now = self.clock.now()
        match = MatchRecord(
            match_id=str(uuid.uuid4()),
            request_id=request.request_id,
            mentee_id=request.mentee_id,
            mentor_id=request.mentor_id,
            mentee_name=request.mentee_name,
            mentor_name=request.mentor_name,
            status=MatchStatus.ACTIVE,
            sessions_used=0,
            sessions_limit=SESSIONS_LIMIT,
            started_at=now,
        )
        self.repository.accept_request(request, match)
        logger.info(
            "Match request accepted", request_id=request.request_id, match_id=match.match_id
        )
        metrics.add_metric(name="MatchRequestAccepted", unit="Count", value=1)
        mentee = self.notifier.mentee(request)
        self.notifier.send(
            emails.request_accepted(
                mentee.email or "" if mentee else "", self.notifier.facts(request, mentee)
            )
        )
        self.decline_others_if_full(request.mentor_id)
        return MatchView.of(match)

    def _decline(self, request: MatchRequestRecord, reason: str | None) -> MatchRequestRecord:
        closed = self.repository.close_request(
            request, RequestStatus.DECLINED, self.clock.now(), reason
        )
        logger.info("Match request declined", request_id=request.request_id)
        metrics.add_metric(name="MatchRequestDeclined", unit="Count", value=1)
        mentee = self.notifier.mentee(request)
        self.notifier.send(
            emails.request_declined(
                mentee.email or "" if mentee else "", self.notifier.facts(request, mentee), reason
            )
        )
        return closed

    def decline_others_if_full(self, mentor_id: str) -> int:
        """When a mentor is full, no mentee is left waiting on them: decline the rest."""
        mentor = self.repository.get_mentor(mentor_id)
        if mentor is None or _has_room(mentor):
            return 0
        return self.decline_waiting(mentor_id, MENTOR_FULL)

    def decline_waiting(self, mentor_id: str, reason: str) -> int:
        """Decline every request still waiting on a mentor (full, or suspended), telling each
        mentee so they can choose again."""
        declined = 0
        for request in self.repository.pending_for_mentor(mentor_id):
            try:
                self.repository.close_request(
                    request, RequestStatus.DECLINED, self.clock.now(), reason
                )
            except InvalidTransition:
                continue  # answered or withdrawn meanwhile
            except DomainError as error:
                # The change that led here is done; this request stays waiting, and the daily
                # schedule declines it (it declines what waits on a full mentor first).
                logger.warning(
                    "Waiting request not declined",
                    request_id=request.request_id,
                    error_code=error.code,
                )
                continue
            declined += 1
            mentee = self.notifier.mentee(request)
            self.notifier.send(
                emails.request_auto_declined(
                    mentee.email or "" if mentee else "",
                    self.notifier.facts(request, mentee),
                    mentor_full=reason == MENTOR_FULL,
                )
            )
        if declined:
            logger.info(
                "Waiting requests declined", mentor_id=mentor_id, reason=reason, count=declined
            )
            metrics.add_metric(name="MatchRequestAutoDeclined", unit="Count", value=declined)
        return declined

    def _visible_request(self, caller: Principal, request_id: str) -> MatchRequestRecord:
        request = self.repository.get_request(request_id)
        if request is None or not (request.is_party(caller.user_id) or caller.is_admin):
            raise NotFound("No such match request.")
        return request

    @staticmethod
    def _request_view(caller: Principal, record: MatchRequestRecord) -> MatchRequestView:
        # Administrators see metadata; the mentee's message is for the two parties only.
        return MatchRequestView.of(record, show_message=record.is_party(caller.user_id))


def _decline_reason(text: str | None) -> str | None:
    """The reason typed on the decline page, checked as the API's decline body is."""
    try:
        return DeclineBody(reason=text).reason or None
    except ValidationError as error:
        raise ValidationFailed.on(
            "reason", "invalid", str(error.errors()[0]["msg"]), location="form"
        ) from None


def _has_room(mentor: MentorRecord) -> bool:
    return mentor.active_matches < mentor.capacity
