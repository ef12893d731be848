"""Matching: match requests, matches, and the one-click links in mentors' emails."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from mentoring.action_pages import confirm_page, done_page, problem_page
from mentoring.config import settings
from mentoring.errors import DomainError
from mentoring.http import (
    created,
    current_principal,
    html_response,
    lambda_handler_for,
    make_resolver,
    public_base_url,
)
from mentoring.idempotency import HEADER, IdempotentCreations
from mentoring.models import DeclineBody, MatchRequestCreate, MatchRequestView, MatchView, Page
from mentoring.pagination import DEFAULT_LIMIT
from mentoring.params import Cursor, Limit, page_request
from mentoring.records import MatchStatus, RequestStatus
from mentoring.wiring import build_matching

app = make_resolver()
service = build_matching(settings()).service
creations = IdempotentCreations(settings().idempotency_table_name)

RequestId = Annotated[str, Path(max_length=64)]
MatchId = Annotated[str, Path(max_length=64)]


@app.post("/match-requests")
def create_match_request(
    body: Annotated[MatchRequestCreate, Body()],
) -> Response[MatchRequestView]:
    caller = current_principal(app)
    base_url = public_base_url(app)
    answer = creations.run(
        "match-requests",
        caller.user_id,
        app.current_event.headers.get(HEADER),
        body.model_dump(mode="json"),
        lambda: service.create_request(caller, body, base_url).model_dump(mode="json"),
        context=app.lambda_context,
    )
    return created(answer)


@app.get("/match-requests")
def list_match_requests(
    status: Annotated[RequestStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MatchRequestView]:
    return service.list_requests(current_principal(app), status, page_request(limit, cursor))


@app.get("/match-requests/<request_id>")
def get_match_request(request_id: RequestId) -> MatchRequestView:
    return service.get_request(current_principal(app), request_id)


@app.post("/match-requests/<request_id>/accept")
def accept_match_request(request_id: RequestId) -> MatchView:
    return service.accept(current_principal(app), request_id)


@app.post("/match-requests/<request_id>/decline")
def decline_match_request(
    request_id: RequestId, body: Annotated[DeclineBody | None, Body()] = None
) -> MatchRequestView:
    return service.decline(current_principal(app), request_id, body or DeclineBody())


@app.post("/match-requests/<request_id>/withdraw")
def withdraw_match_request(request_id: RequestId) -> MatchRequestView:
    return service.withdraw(current_principal(app), request_id)


@app.get("/matches")
def list_matches(
    status: Annotated[MatchStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MatchView]:
    return service.list_matches(current_principal(app), status, page_request(limit, cursor))


@app.get("/matches/<match_id>")
def get_match(match_id: MatchId) -> MatchView:
    return service.get_match(current_principal(app), match_id)


@app.post("/matches/<match_id>/end")
def end_match(match_id: MatchId) -> MatchView:
    return service.end_match(current_principal(app), match_id)


@app.get("/actions/<token>")
def show_action(token: str) -> Response[str]:
    """Shows what the link will do; never changes anything (mail scanners open links)."""
    try:
        claim, request = service.read_action(token)
    except DomainError as error:
        return html_response(*problem_page(error))
    return html_response(200, confirm_page(claim, request))


@app.post("/actions/<token>")
def perform_action(token: str) -> Response[str]:
    try:
        claim, request = service.perform_action(token)
    except DomainError as error:
        return html_response(*problem_page(error))
    return html_response(200, done_page(claim, request))


lambda_handler = lambda_handler_for(app)
