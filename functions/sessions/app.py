"""Sessions and meetings: the mentor's activity logs and the mentee's own notes; meetings the
two parties arrange (each planned one counts against the match's sessions)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation
from mentoring.api.params import Cursor, Limit, page_request
from mentoring.api.resolver import created, lambda_handler_for, make_resolver
from mentoring.config import MEETING_HORIZON_DAYS, SessionsConfig
from mentoring.domain.models import (
    MeetingCreate,
    MeetingMetadata,
    MeetingView,
    MenteeNotes,
    SessionCreate,
    SessionMetadata,
    SessionView,
)
from mentoring.domain.paging import DEFAULT_LIMIT, Page
from mentoring.errors import (
    Forbidden,
    InvalidTransition,
    MatchNotActive,
    NotFound,
    SessionLimitReached,
)
from mentoring.wiring import Services
from mentoring.wording import ordinal

CONFIG = SessionsConfig.from_environment()
services = Services(CONFIG)
app = make_resolver(CONFIG.allowed_origins)

MatchId = Annotated[str, Path(max_length=64)]
MeetingId = Annotated[str, Path(max_length=64)]


@app.post(
    "/matches/<match_id>/sessions",
    **operation(
        "logSession",
        "Log a mentoring session (the mentor)",
        Area.SESSIONS,
        status=201,
        success=f"The activity log, as stored; the {ordinal(CONFIG.rules.sessions_limit)} ends the "
        "match",
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


# ---- meetings -------------------------------------------------------------------------------


@app.post(
    "/matches/<match_id>/meetings",
    **operation(
        "proposeMeeting",
        "Propose a meeting (either party of an active match)",
        Area.MEETINGS,
        status=201,
        success="The meeting, proposed; the other party is emailed to confirm or decline it",
        errors=[Forbidden, NotFound, MatchNotActive, SessionLimitReached],
        description="Face to face with a `location`, or virtual with an https `video_link`; "
        f"in the future and at most {MEETING_HORIZON_DAYS} days ahead. Sessions logged plus "
        "meetings proposed or "
        "confirmed and not yet held may not exceed the match's sessions.",
    ),
)
def propose_meeting(
    match_id: MatchId, body: Annotated[MeetingCreate, Body()]
) -> Response[MeetingView]:
    return created(services.meetings.propose(current_principal(app), match_id, body))


@app.get(
    "/matches/<match_id>/meetings",
    **operation(
        "listMeetings",
        "A match's meetings, soonest first",
        Area.MEETINGS,
        success="The two parties see everything; an administrator sees only when, how long, "
        "how and the status of each",
        errors=[NotFound],
    ),
)
def list_meetings(
    match_id: MatchId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Page[MeetingView] | Page[MeetingMetadata]:
    return services.meetings.list(current_principal(app), match_id, page_request(limit, cursor))


@app.post(
    "/matches/<match_id>/meetings/<meeting_id>/confirm",
    **operation(
        "confirmMeeting",
        "Confirm a meeting (the party who did not propose it)",
        Area.MEETINGS,
        success="The meeting, confirmed; both are emailed a calendar invitation",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def confirm_meeting(match_id: MatchId, meeting_id: MeetingId) -> MeetingView:
    return services.meetings.confirm(current_principal(app), match_id, meeting_id)


@app.post(
    "/matches/<match_id>/meetings/<meeting_id>/decline",
    **operation(
        "declineMeeting",
        "Decline a proposed meeting (the party who did not propose it)",
        Area.MEETINGS,
        success="The meeting, declined; the proposer is emailed",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def decline_meeting(match_id: MatchId, meeting_id: MeetingId) -> MeetingView:
    return services.meetings.decline(current_principal(app), match_id, meeting_id)


@app.post(
    "/matches/<match_id>/meetings/<meeting_id>/cancel",
    **operation(
        "cancelMeeting",
        "Cancel a meeting (either party)",
        Area.MEETINGS,
        success="The meeting, cancelled; a confirmed one sends both a calendar cancellation",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def cancel_meeting(match_id: MatchId, meeting_id: MeetingId) -> MeetingView:
    return services.meetings.cancel(current_principal(app), match_id, meeting_id)


lambda_handler = lambda_handler_for(app)
