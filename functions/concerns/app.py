"""Concerns: a confidential route to the scheme administrator, and the administrator's answers."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation
from mentoring.api.params import Cursor, Limit, page_request
from mentoring.api.resolver import created, lambda_handler_for, make_resolver
from mentoring.config import ConcernsConfig
from mentoring.domain.models import AdminConcernView, ConcernCreate, ConcernResponse, ConcernView
from mentoring.domain.paging import DEFAULT_LIMIT, Page
from mentoring.domain.records import ConcernStatus
from mentoring.errors import Forbidden, InvalidTransition, NotFound
from mentoring.wiring import Services

CONFIG = ConcernsConfig.from_environment()
services = Services(CONFIG)
app = make_resolver(CONFIG.allowed_origins)

ConcernId = Annotated[str, Path(max_length=64)]


@app.post(
    "/concerns",
    **operation(
        "raiseConcern",
        "Raise a concern with the scheme administrator (a registered mentee or mentor)",
        Area.CONCERNS,
        status=201,
        success="Your concern, open; the administrator is told one was raised (never its "
        "text) and you are emailed an acknowledgement",
        errors=[Forbidden, NotFound],
        description="`about_match_id`, if given, must be a match you are part of (else 404). "
        "No one the concern is about is told by the system.",
    ),
)
def raise_concern(body: Annotated[ConcernCreate, Body()]) -> Response[ConcernView]:
    return created(services.concerns.raise_concern(current_principal(app), body))


@app.get(
    "/me/concerns",
    **operation(
        "listMyConcerns",
        "The concerns you raised",
        Area.CONCERNS,
        success="One page of your concerns, newest first, with their status and response",
    ),
)
def my_concerns(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[ConcernView]:
    return services.concerns.mine(current_principal(app), page_request(limit, cursor))


@app.get(
    "/admin/concerns",
    **operation(
        "listConcerns",
        "Concerns raised (administrators)",
        Area.CONCERNS,
        success="One page of concerns, newest first, with who raised each (the read is audited)",
        errors=[Forbidden],
    ),
)
def list_concerns(
    status: Annotated[ConcernStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AdminConcernView]:
    return services.concerns.every(current_principal(app), status, page_request(limit, cursor))


@app.get(
    "/admin/concerns/<concern_id>",
    **operation(
        "getConcern",
        "One concern (administrators)",
        Area.CONCERNS,
        success="The concern, with who raised it (the read is audited)",
        errors=[Forbidden, NotFound],
    ),
)
def get_concern(concern_id: ConcernId) -> AdminConcernView:
    return services.concerns.get(current_principal(app), concern_id)


@app.post(
    "/admin/concerns/<concern_id>/respond",
    **operation(
        "respondToConcern",
        "Respond to a concern (administrators)",
        Area.CONCERNS,
        success="The concern with your response; its raiser is emailed that there is an "
        "update (never its text)",
        errors=[Forbidden, NotFound, InvalidTransition],
        description="`status`: `in_progress`, or `closed` (a closed concern cannot be answered "
        "again: 409 `invalid_transition`).",
    ),
)
def respond_to_concern(
    concern_id: ConcernId, body: Annotated[ConcernResponse, Body()]
) -> AdminConcernView:
    return services.concerns.respond(current_principal(app), concern_id, body)


lambda_handler = lambda_handler_for(app)
