"""Matching: match requests, matches, waiting lists, and the one-click links in mentors'
emails."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Form, Header, Path, Query

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation, page_operation
from mentoring.api.idempotency import KEY_PATTERN, IdempotentCreations
from mentoring.api.link_pages import LinkPages
from mentoring.api.params import Cursor, Limit, page_request
from mentoring.api.resolver import created, html_response, lambda_handler_for, make_resolver
from mentoring.config import MOST_WAITING_LISTS, MatchingConfig
from mentoring.domain.models import (
    DeclineBody,
    MatchRequestCreate,
    MatchRequestView,
    MatchView,
    WaitingEntryView,
    WaitingLineEntry,
)
from mentoring.domain.paging import DEFAULT_LIMIT, Page
from mentoring.domain.records import MatchStatus, RequestStatus
from mentoring.errors import (
    AlreadyMatched,
    AlreadyWaiting,
    DomainError,
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    MentorHasRoom,
    MentorUnavailable,
    NotFound,
    PendingRequestExists,
    RateLimited,
    RequestInProgress,
    WaitingListLimit,
)
from mentoring.wiring import Services
from mentoring.wording import in_words, ordinal

ACTION_PAGE = "/actions/{token}"
CONFIG = MatchingConfig.from_environment()
RULES = CONFIG.rules
services = Services(CONFIG)
link_pages = LinkPages(CONFIG.admin_email, CONFIG.rules)
app = make_resolver(CONFIG.allowed_origins, pages={ACTION_PAGE: link_pages.problem})
creations = IdempotentCreations(CONFIG.idempotency_table_name)

RequestId = Annotated[str, Path(max_length=64)]
MatchId = Annotated[str, Path(max_length=64)]
UserId = Annotated[str, Path(max_length=128)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        pattern=KEY_PATTERN,
        description="Optional: a retry with the same key and body returns the first answer "
        "and creates nothing new (kept for 24 hours)",
    ),
]
_LINK_PROBLEMS = {
    400: "The link is not one we sent, or was changed",
    404: "The match request no longer exists",
    409: "The request has already been answered (or withdrawn, or expired)",
    410: "The link has expired",
    413: "The request was too large",
    503: "Something we depend on failed; nothing was changed, please try again",
}


@app.post(
    "/match-requests",
    **operation(
        "createMatchRequest",
        "Ask a mentor to be your peer mentor",
        Area.REQUESTS,
        status=201,
        success="The request, pending; the mentor is emailed and must answer by `respond_by`",
        errors=[
            Forbidden,
            NotFound,
            PendingRequestExists,
            AlreadyMatched,
            MentorUnavailable,
            RequestInProgress,
            RateLimited,
        ],
        description="One request at a time, none while you have an active match, and at most "
        f"{in_words(RULES.max_requests_per_day)} a day. `respond_by` is the end (23:59:59 London "
        f"time) of the {ordinal(RULES.response_working_days)} working day after the day of the "
        "request.",
    ),
)
def create_match_request(
    body: Annotated[MatchRequestCreate, Body()],
    idempotency_key: IdempotencyKey = None,
) -> Response[MatchRequestView]:
    caller = current_principal(app)
    answer = creations.run(
        "match-requests",
        caller.user_id,
        idempotency_key,
        body.model_dump(mode="json"),
        lambda: services.requests.create(caller, body).model_dump(mode="json"),
        context=app.lambda_context,
    )
    return created(answer)


@app.get(
    "/match-requests",
    **operation(
        "listMatchRequests",
        "Match requests you sent or received (administrators: all)",
        Area.REQUESTS,
        success="One page of requests, newest first (pending ones for administrators: "
        "soonest deadline first); administrators never see the mentee's message",
    ),
)
def list_match_requests(
    status: Annotated[RequestStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MatchRequestView]:
    return services.requests.list(current_principal(app), status, page_request(limit, cursor))


@app.get(
    "/match-requests/<request_id>",
    **operation(
        "getMatchRequest",
        "One match request",
        Area.REQUESTS,
        success="The request",
        errors=[NotFound],
    ),
)
def get_match_request(request_id: RequestId) -> MatchRequestView:
    return services.requests.get(current_principal(app), request_id)


@app.post(
    "/match-requests/<request_id>/accept",
    **operation(
        "acceptMatchRequest",
        "Accept a match request (the mentor)",
        Area.REQUESTS,
        success="The new match, with `counterpart` (the mentee's contact details); the two are "
        "introduced by email",
        errors=[Forbidden, NotFound, InvalidTransition, MentorUnavailable, AlreadyMatched],
    ),
)
def accept_match_request(request_id: RequestId) -> MatchView:
    return services.answers.accept(current_principal(app), request_id)


@app.post(
    "/match-requests/<request_id>/decline",
    **operation(
        "declineMatchRequest",
        "Decline a match request (the mentor), with an optional reason",
        Area.REQUESTS,
        success="The request, declined; the mentee is emailed (with the reason, if given)",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def decline_match_request(
    request_id: RequestId, body: Annotated[DeclineBody | None, Body()] = None
) -> MatchRequestView:
    return services.answers.decline(current_principal(app), request_id, body or DeclineBody())


@app.post(
    "/match-requests/<request_id>/withdraw",
    **operation(
        "withdrawMatchRequest",
        "Withdraw your match request (the mentee)",
        Area.REQUESTS,
        success="The request, withdrawn; the mentor is emailed",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def withdraw_match_request(request_id: RequestId) -> MatchRequestView:
    return services.requests.withdraw(current_principal(app), request_id)


@app.get(
    "/matches",
    **operation(
        "listMatches",
        "Your matches (administrators: all)",
        Area.MATCHES,
        success="One page of matches, newest first",
    ),
)
def list_matches(
    status: Annotated[MatchStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MatchView]:
    return services.matches.list(current_principal(app), status, page_request(limit, cursor))


@app.get(
    "/matches/<match_id>",
    **operation(
        "getMatch",
        "One match",
        Area.MATCHES,
        success="The match",
        errors=[NotFound],
    ),
)
def get_match(match_id: MatchId) -> MatchView:
    return services.matches.get(current_principal(app), match_id)


@app.post(
    "/matches/<match_id>/end",
    **operation(
        "endMatch",
        "End a match early (either party, or an administrator)",
        Area.MATCHES,
        success="The match, ended; both are emailed, the mentee with the evaluation invitation",
        errors=[NotFound, MatchNotActive],
    ),
)
def end_match(match_id: MatchId) -> MatchView:
    return services.matches.end(current_principal(app), match_id)


@app.post(
    "/mentors/<mentor_id>/waiting-list",
    **operation(
        "joinWaitingList",
        "Join a full mentor's waiting list (a mentee without an active match)",
        Area.WAITING_LISTS,
        status=201,
        success="Your place in line (1 = next); when a place frees you are emailed, and it is "
        f"held for you for {in_words(RULES.hold_working_days)} working days",
        errors=[
            Forbidden,
            NotFound,
            AlreadyMatched,
            MentorUnavailable,
            MentorHasRoom,
            AlreadyWaiting,
            WaitingListLimit,
        ],
        description="Only for an approved mentor who is full or not taking requests "
        "(`mentor_has_room`: send them a request instead); at most "
        f"{in_words(MOST_WAITING_LISTS)} lists at once.",
    ),
)
def join_waiting_list(mentor_id: UserId) -> Response[WaitingEntryView]:
    return created(services.waiting_lists.join(current_principal(app), mentor_id))


@app.delete(
    "/mentors/<mentor_id>/waiting-list",
    **operation(
        "leaveWaitingList",
        "Leave a mentor's waiting list",
        Area.WAITING_LISTS,
        status=204,
        success="Left; a place held for you passes to the next in line",
        errors=[NotFound],
    ),
)
def leave_waiting_list(mentor_id: UserId) -> Response[None]:
    services.waiting_lists.leave(current_principal(app), mentor_id)
    return Response(status_code=HTTPStatus.NO_CONTENT, content_type=None, body=None)


@app.get(
    "/me/waiting-lists",
    **operation(
        "listMyWaitingLists",
        "The waiting lists you are on",
        Area.WAITING_LISTS,
        success="Your places in line, oldest first, each with `offer_expires_at` while a place "
        "is held for you",
        validated=False,
    ),
)
def my_waiting_lists() -> Page[WaitingEntryView]:
    return services.waiting_lists.mine(current_principal(app))


@app.get(
    "/admin/mentors/<user_id>/waiting-list",
    **operation(
        "getMentorWaitingList",
        "One mentor's waiting list (administrators)",
        Area.WAITING_LISTS,
        success="One page of the list, in order",
        errors=[Forbidden, NotFound],
    ),
)
def mentor_waiting_list(
    user_id: UserId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[WaitingLineEntry]:
    return services.waiting_lists.line(current_principal(app), user_id, page_request(limit, cursor))


@app.get(
    "/actions/<token>",
    **page_operation(
        "showAction",
        "The page an emailed accept or decline link opens",
        Area.LINKS,
        statuses={200: "The request and a button to confirm; nothing is changed yet"}
        | _LINK_PROBLEMS,
        description="Opening a link never changes anything (mail scanners open links); "
        "confirming on the page does.",
    ),
)
def show_action(token: str) -> Response[str]:
    try:
        claim, request = services.answers.read_action(token)
    except DomainError as error:
        return html_response(*link_pages.problem(error))
    return html_response(200, link_pages.confirm(claim, request))


@app.post(
    "/actions/<token>",
    **page_operation(
        "performAction",
        "Confirm what an emailed link says: accept, or decline (with an optional reason)",
        Area.LINKS,
        statuses={200: "Done: the mentee has been told", 422: "The decline reason is too long"}
        | _LINK_PROBLEMS,
    ),
)
def perform_action(
    token: str,
    reason: Annotated[str | None, Form(description="Why you decline (optional)")] = None,
) -> Response[str]:
    try:
        claim, request = services.answers.perform_action(token, reason)
    except DomainError as error:
        return html_response(*link_pages.problem(error))
    return html_response(200, link_pages.done(claim, request))


lambda_handler = lambda_handler_for(app)
