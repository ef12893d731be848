"""The mentor's answer to a match request: in the app or through an emailed link.

Accepting creates the match; when that takes the mentor's last place, every other request
waiting on them is declined (`mentor_full`), so no mentee waits on a full mentor. The other
changes that close a mentor's door (suspension, pausing requests, a lower capacity) decline
with their own write (mentoring.services.closed_mentors).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from mentoring.clock import Clock
from mentoring.config import SchemeRules
from mentoring.domain.action_links import Action, ActionClaim, ActionTokens
from mentoring.domain.models import DeclineBody, MatchRequestView, MatchView
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    MatchRecord,
    MatchRequestRecord,
    MatchStatus,
    RequestStatus,
)
from mentoring.errors import (
    Forbidden,
    Gone,
    InvalidTransition,
    NotFound,
    RequestWithdrawn,
    ValidationFailed,
)
from mentoring.mail.kinds.match_requests import (
    request_accepted,
    request_declined,
)
from mentoring.observability import logger, metrics
from mentoring.services.closed_mentors import ClosedMentors
from mentoring.services.ports import PlaceOffers, Requests
from mentoring.services.requests import visible_request


@dataclass(frozen=True, kw_only=True)
class AnswerService:
    requests: Requests
    closed_mentors: ClosedMentors
    tokens: Callable[[], ActionTokens]
    offers: PlaceOffers
    clock: Clock
    rules: SchemeRules

    def accept(self, caller: Principal, request_id: str) -> MatchView:
        request = visible_request(self.requests, caller, request_id)
        if request.mentor_id != caller.user_id:
            raise Forbidden("Only the mentor can accept a match request.")
        return self._accept(request)[0]

    def decline(self, caller: Principal, request_id: str, body: DeclineBody) -> MatchRequestView:
        request = visible_request(self.requests, caller, request_id)
        if request.mentor_id != caller.user_id:
            raise Forbidden("Only the mentor can decline a match request.")
        return MatchRequestView.of(self._decline(request, body.reason or None))

    # ---- one-click links ---------------------------------------------------------------

    def read_action(self, token: str) -> tuple[ActionClaim, MatchRequestRecord]:
        """What a link would do, without doing it: 400 tampered, 410 expired, 409 answered."""
        claim = self.tokens().read(token, self.clock.now())
        request = self.requests.get(claim.request_id)
        if request is None:
            raise NotFound("This match request no longer exists.")
        if request.status is RequestStatus.EXPIRED:
            raise Gone(
                "It was not answered in time, so the mentee has been asked to choose another "
                "mentor. Nothing more is needed from you."
            )
        if request.status is RequestStatus.WITHDRAWN:
            raise RequestWithdrawn
        if request.status is not RequestStatus.PENDING:
            raise InvalidTransition(f"This request has already been {request.status.value}.")
        return claim, request

    def perform_action(
        self, token: str, reason: str | None = None
    ) -> tuple[ActionClaim, MatchRequestRecord]:
        """Do what the link says; a decline may carry the reason typed on the page."""
        claim, request = self.read_action(token)
        if claim.action is Action.ACCEPT:
            _, answered = self._accept(request)
        else:
            answered = self._decline(request, _decline_reason(reason))
        return claim, answered

    # ---- the answers -------------------------------------------------------------------

    def _accept(self, request: MatchRequestRecord) -> tuple[MatchView, MatchRequestRecord]:
        """The match, and the request as it now is."""
        now = self.clock.now()
        match = MatchRecord(
            match_id=str(uuid.uuid4()),
            request_id=request.request_id,
            mentee_id=request.mentee_id,
            mentor_id=request.mentor_id,
            mentee_name=request.mentee_name,
            mentor_name=request.mentor_name,
            mentee_email=request.mentee_email,
            mentor_email=request.mentor_email,
            status=MatchStatus.ACTIVE,
            sessions_used=0,
            sessions_limit=self.rules.sessions_limit,
            started_at=now,
        )
        # The introduction: each is emailed the other's name and address.
        accepted = self.requests.accept(request, match, request_accepted(request, now))
        logger.info(
            "Match request accepted", request_id=request.request_id, match_id=match.match_id
        )
        metrics.add_metric(name="MatchRequestAccepted", unit="Count", value=1)
        self.offers.leave_every_list(request.mentee_id, now)
        self.closed_mentors.decline_others_if_closed(request.mentor_id)
        return MatchView.of(match, viewer=request.mentor_id), accepted

    def _decline(self, request: MatchRequestRecord, reason: str | None) -> MatchRequestRecord:
        now = self.clock.now()
        closed = self.requests.close(
            request,
            RequestStatus.DECLINED,
            now,
            reason,
            notices=request_declined(request, reason, now),
        )
        logger.info("Match request declined", request_id=request.request_id)
        metrics.add_metric(name="MatchRequestDeclined", unit="Count", value=1)
        if request.holds_place:  # the place it held goes to the next in line
            self.offers.offer_free_places(request.mentor_id, now)
        return closed


def _decline_reason(text: str | None) -> str | None:
    """The reason typed on the decline page, checked as the API's decline body is."""
    try:
        return DeclineBody(reason=text).reason or None
    except ValidationError as error:
        raise ValidationFailed.on(
            "reason", "invalid", str(error.errors()[0]["msg"]), location="form"
        ) from None
