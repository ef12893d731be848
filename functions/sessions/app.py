"""Sessions: the mentor's activity logs (at most four per match) and the mentee's own notes."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from mentoring.api_doc import Area, operation
from mentoring.config import SessionsConfig
from mentoring.errors import Forbidden, MatchNotActive, NotFound, SessionLimitReached
from mentoring.http import created, current_principal, lambda_handler_for, make_resolver
from mentoring.models import MenteeNotes, Page, SessionCreate, SessionMetadata, SessionView
from mentoring.pagination import DEFAULT_LIMIT
from mentoring.params import Cursor, Limit, page_request
from mentoring.wiring import Services

CONFIG = SessionsConfig.from_environment()
services = Services(CONFIG)
app = make_resolver(CONFIG.allowed_origins)

MatchId = Annotated[str, Path(max_length=64)]


@app.post(
    "/matches/<match_id>/sessions",
    **operation(
        "logSession",
        "Log a mentoring session (the mentor)",
        Area.SESSIONS,
        status=201,
        success="The activity log, as stored; the fourth ends the match",
        errors=[Forbidden, NotFound, SessionLimitReached, MatchNotActive],
    ),
)
def log_session(match_id: MatchId, body: Annotated[SessionCreate, Body()]) -> Response[SessionView]:
    return created(services.sessions.log(current_principal(app), match_id, body))


@app.get(
    "/matches/<match_id>/sessions",
    **operation(
        "listSessions",
        "A match's activity logs",
        Area.SESSIONS,
        success="The two parties see everything; an administrator sees only the number, "
        "date, mode and duration of each",
        errors=[NotFound],
    ),
)
def list_sessions(
    match_id: MatchId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[SessionView] | Page[SessionMetadata]:
    return services.sessions.list(current_principal(app), match_id, page_request(limit, cursor))


@app.put(
    "/matches/<match_id>/sessions/<session_number>/mentee-notes",
    **operation(
        "setMenteeNotes",
        "Add your own notes to a session (the mentee)",
        Area.SESSIONS,
        success="The activity log with your notes",
        errors=[Forbidden, NotFound],
    ),
)
def add_mentee_notes(
    match_id: MatchId,
    session_number: Annotated[int, Path(ge=1, le=CONFIG.rules.sessions_limit)],
    body: Annotated[MenteeNotes, Body()],
) -> SessionView:
    return services.sessions.add_notes(current_principal(app), match_id, session_number, body)


lambda_handler = lambda_handler_for(app)
