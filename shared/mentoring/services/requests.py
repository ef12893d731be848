"""Match requests from the mentee's side: ask one mentor at a time, see them, withdraw.

Every rule (one pending request, the mentor's room, the daily limit) is a condition of the
store's write; this decides what to ask for. The mentor's email is written with the request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from mentoring.clock import Clock, today_in_london
from mentoring.config import SchemeRules
from mentoring.domain.models import MatchRequestCreate, MatchRequestView
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import (
    MatchRequestRecord,
    MentorStatus,
    RequestStatus,
)
from mentoring.domain.working_days import deadline_after
from mentoring.errors import Forbidden, MentorUnavailable, NoSuchMentor, NoSuchRequest, NotAMentee
from mentoring.mail.kinds.match_requests import mentee_summary, request_created, request_withdrawn
from mentoring.observability import logger, metrics
from mentoring.services.ports import (
    OfferClosed,
    PlaceOffers,
    ProfileReader,
    RequestLists,
    Requests,
)

# Long enough to cover "today" in London whatever the hour, then DynamoDB's TTL removes it.
_DAILY_COUNT_KEPT = timedelta(days=2)


def visible_request(requests: Requests, caller: Principal, request_id: str) -> MatchRequestRecord:
    """A request its two parties and administrators may see; to anyone else it does not exist."""
    request = requests.get(request_id)
    if request is None or not (request.is_party(caller.user_id) or caller.is_admin):
        raise NoSuchRequest()
    return request


def request_view(caller: Principal, record: MatchRequestRecord) -> MatchRequestView:
    # Administrators see metadata; the mentee's message is for the two parties only.
    return MatchRequestView.of(record, show_message=record.is_party(caller.user_id))


@dataclass(frozen=True, kw_only=True)
class RequestService:
    requests: Requests
    lists: RequestLists
    profiles: ProfileReader
    offers: PlaceOffers
    clock: Clock
    rules: SchemeRules

    def create(self, caller: Principal, body: MatchRequestCreate) -> MatchRequestView:
        mentee = self.profiles.mentee(caller.user_id)
        if mentee is None:
            raise NotAMentee()
        if body.mentor_id == caller.user_id:
            raise MentorUnavailable("You cannot be your own mentor.")
        mentor = self.profiles.mentor(body.mentor_id)
        if mentor is None:
            raise NoSuchMentor()
        if mentor.status is not MentorStatus.APPROVED:
            raise MentorUnavailable()
        now = self.clock.now()
        # A mentee offered a place from this mentor's waiting list takes it up with this.
        held = self.offers.holds_offer(caller.user_id, mentor.user_id, now)
        record = MatchRequestRecord(
            request_id=str(uuid.uuid4()),
            mentee_id=caller.user_id,
            mentor_id=mentor.user_id,
            mentee_name=mentee.name,
            mentor_name=mentor.name,
            mentee_email=mentee.email,
            mentor_email=mentor.email,
            status=RequestStatus.PENDING,
            message=body.message,
            created_at=now,
            respond_by=deadline_after(now, self.rules.response_working_days),
            holds_place=held,
        )
        notices = request_created(record, mentee_summary(mentee), now)

        def ask(record: MatchRequestRecord) -> None:
            self.requests.ask(
                record,
                day=today_in_london(self.clock).isoformat(),
                max_per_day=self.rules.max_requests_per_day,
                expires_at=int((now + _DAILY_COUNT_KEPT).timestamp()),
                notices=notices,
            )

        try:
            ask(record)
        except OfferClosed:
            # The offer lapsed or was left a moment ago: an ordinary request after all.
            record = record.model_copy(update={"holds_place": False})
            ask(record)
        logger.info("Match request created", request_id=record.request_id)
        metrics.add_metric(name="MatchRequestCreated", unit="Count", value=1)
        return MatchRequestView.of(record)

    def list(
        self, caller: Principal, status: RequestStatus | None, page: PageRequest
    ) -> Page[MatchRequestView]:
        if caller.is_admin:
            found = self.lists.every(status, page)
        else:
            found = self.lists.of_user(caller.user_id, status, page)
        return Page[MatchRequestView](
            items=[request_view(caller, record) for record in found.items],
            next_cursor=found.next_cursor,
        )

    def get(self, caller: Principal, request_id: str) -> MatchRequestView:
        return request_view(caller, visible_request(self.requests, caller, request_id))

    def withdraw(self, caller: Principal, request_id: str) -> MatchRequestView:
        request = visible_request(self.requests, caller, request_id)
        if request.mentee_id != caller.user_id:
            raise Forbidden("Only the mentee can withdraw a match request.")
        now = self.clock.now()
        closed = self.requests.close(
            request,
            RequestStatus.WITHDRAWN,
            now,
            notices=request_withdrawn(request, now),
        )
        logger.info("Match request withdrawn", request_id=request.request_id)
        if request.holds_place:
            self.offers.offer_free_places(request.mentor_id, now)
        return MatchRequestView.of(closed)
