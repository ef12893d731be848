"""Registration: the scheme's rules, mentee and mentor profiles, vetting of mentors."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from mentoring.api.auth import current_principal
from mentoring.api.document import Area, operation
from mentoring.api.params import Cursor, Limit, page_request
from mentoring.api.resolver import created, lambda_handler_for, make_resolver
from mentoring.config import RegistrationConfig
from mentoring.data.identity import CognitoIdentity
from mentoring.domain.models import (
    ApplicationDecline,
    Me,
    MenteeProfile,
    MenteeRegistration,
    MenteeUpdate,
    MentorApplication,
    MentorProfile,
    MentorUpdate,
    SchemeInfo,
)
from mentoring.domain.paging import DEFAULT_LIMIT, Page
from mentoring.domain.records import MentorStatus
from mentoring.domain.standing import Standing
from mentoring.domain.standing_views import (
    CodeAgreement,
    CodeOfPracticeView,
    CodePublication,
    StandingView,
    SupervisionCreate,
    SupervisionView,
    TrainingCreate,
    TrainingView,
)
from mentoring.errors import (
    AlreadyRegistered,
    Forbidden,
    Ineligible,
    InvalidTransition,
    NotCurrentVersion,
    NotFound,
    VersionExists,
)
from mentoring.wiring import Services

CONFIG = RegistrationConfig.from_environment()
services = Services(CONFIG, identity=CognitoIdentity(CONFIG.user_pool_id))
app = make_resolver(CONFIG.allowed_origins)


@app.get(
    "/scheme",
    **operation(
        "getScheme",
        "The scheme's rules a client needs before registering",
        Area.REGISTRATION,
        success="The code of practice to accept, the session limit, the response deadline",
        validated=False,
    ),
)
def get_scheme() -> SchemeInfo:
    current_principal(app)
    return services.registration.scheme()


@app.post(
    "/mentees",
    **operation(
        "registerMentee",
        "Register as a mentee",
        Area.REGISTRATION,
        status=201,
        success="Registered: your mentee profile",
        errors=[AlreadyRegistered, Ineligible],
        description="Eligibility is checked: 422 `ineligible` lists each rule not met "
        "(`pmq_uk_or_ireland`, `outside_region`, `not_in_training`, "
        "`code_of_practice_not_accepted`).",
    ),
)
def register_mentee(body: Annotated[MenteeRegistration, Body()]) -> Response[MenteeProfile]:
    return created(services.registration.register_mentee(current_principal(app), body))


@app.post(
    "/mentors",
    **operation(
        "applyAsMentor",
        "Apply to be a peer mentor",
        Area.REGISTRATION,
        status=201,
        success="Applied: your mentor profile, waiting for an administrator's approval",
        errors=[AlreadyRegistered, Ineligible],
    ),
)
def apply_as_mentor(body: Annotated[MentorApplication, Body()]) -> Response[MentorProfile]:
    return created(services.registration.apply_as_mentor(current_principal(app), body))


@app.get(
    "/me",
    **operation(
        "getMe",
        "Who you are: your account and profiles",
        Area.REGISTRATION,
        success="Your account, with your mentee and mentor profiles (null where none)",
        validated=False,
    ),
)
def get_me() -> Me:
    return services.registration.me(current_principal(app))


@app.patch(
    "/me/mentee",
    **operation(
        "updateMyMenteeProfile",
        "Update your mentee profile",
        Area.REGISTRATION,
        success="Your updated mentee profile",
        errors=[NotFound],
    ),
)
def update_mentee(body: Annotated[MenteeUpdate, Body()]) -> MenteeProfile:
    return services.registration.update_mentee(current_principal(app), body)


@app.patch(
    "/me/mentor",
    **operation(
        "updateMyMentorProfile",
        "Update your mentor profile (capacity, accepting requests, ...)",
        Area.REGISTRATION,
        success="Your updated mentor profile",
        description="Pausing requests (`accepting_requests: false`), or lowering `capacity` to "
        "the places already taken, declines the requests waiting on you at once "
        "(`mentor_unavailable`, `mentor_full`), and each mentee is told.",
        errors=[NotFound],
    ),
)
def update_mentor(body: Annotated[MentorUpdate, Body()]) -> MentorProfile:
    return services.registration.update_mentor(current_principal(app), body)


@app.get(
    "/me/export",
    **operation(
        "exportMyData",
        "A copy of everything stored about you",
        Area.YOUR_DATA,
        success="One JSON document: profiles, requests, matches, sessions, evaluations",
        validated=False,
    ),
)
def export_my_data() -> dict[str, Any]:
    """Everything stored about the caller, as one JSON document (UK GDPR right of access)."""
    return services.privacy.export(current_principal(app))


@app.delete(
    "/me",
    **operation(
        "eraseMe",
        "Erase your account",
        Area.YOUR_DATA,
        status=204,
        success="Erased: open requests and matches closed (the other party told), profiles "
        "deleted, your name and words removed everywhere, your sign-in account deleted",
        validated=False,
    ),
)
def erase_me() -> Response[None]:
    """Close open requests and matches, anonymise the rest, delete the account (204)."""
    services.privacy.erase(current_principal(app))
    return Response(status_code=HTTPStatus.NO_CONTENT, content_type=None, body=None)


@app.get(
    "/admin/mentors",
    **operation(
        "listMentorsForAdmin",
        "Mentors by status (full profiles)",
        Area.ADMINISTRATION,
        success="One page of mentor profiles, oldest application first",
        errors=[Forbidden],
    ),
)
def list_mentors(
    status: Annotated[MentorStatus | None, Query()] = None,
    standing: Annotated[Standing | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MentorProfile]:
    return services.vetting.list_mentors(
        current_principal(app), status, page_request(limit, cursor), standing
    )


@app.post(
    "/admin/mentors/<user_id>/approve",
    **operation(
        "approveMentor",
        "Approve a mentor (they appear in the directory)",
        Area.ADMINISTRATION,
        success="The mentor's profile, approved",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def approve_mentor(user_id: Annotated[str, Path(max_length=128)]) -> MentorProfile:
    return services.vetting.approve_mentor(current_principal(app), user_id)


@app.post(
    "/admin/mentors/<user_id>/suspend",
    **operation(
        "suspendMentor",
        "Suspend a mentor (requests waiting on them are declined)",
        Area.ADMINISTRATION,
        success="The mentor's profile, suspended",
        errors=[Forbidden, NotFound, InvalidTransition],
    ),
)
def suspend_mentor(user_id: Annotated[str, Path(max_length=128)]) -> MentorProfile:
    return services.vetting.suspend_mentor(current_principal(app), user_id)


@app.post(
    "/admin/mentors/<user_id>/decline",
    **operation(
        "declineMentorApplication",
        "Decline a mentor application that was not selected",
        Area.ADMINISTRATION,
        success="The applicant's profile, declined; they are emailed, with the reason if given "
        "(the application may still be approved later)",
        errors=[Forbidden, NotFound, InvalidTransition],
        description="Only an application waiting for approval (`pending_approval`) can be "
        "declined.",
    ),
)
def decline_mentor_application(
    user_id: Annotated[str, Path(max_length=128)],
    body: Annotated[ApplicationDecline | None, Body()] = None,
) -> MentorProfile:
    return services.vetting.decline_application(
        current_principal(app), user_id, body or ApplicationDecline()
    )


# ---- standing ------------------------------------------------------------------------------


@app.get(
    "/me/standing",
    **operation(
        "getMyStanding",
        "Where you stand with the scheme (a registered mentee or mentor)",
        Area.REGISTRATION,
        success="`good`, `due` or `lapsed`, with each reason and its date, and the Code of "
        "Practice, training and supervision it rests on (training and supervision: mentors)",
        errors=[Forbidden],
        validated=False,
    ),
)
def my_standing() -> StandingView:
    return services.standing.me(current_principal(app))


@app.post(
    "/me/code-of-practice",
    **operation(
        "agreeToCodeOfPractice",
        "Agree to the current Code of Practice",
        Area.REGISTRATION,
        success="Your standing, with the Code agreed",
        errors=[Forbidden, NotCurrentVersion],
    ),
)
def agree_to_code(body: Annotated[CodeAgreement, Body()]) -> StandingView:
    return services.standing.agree(current_principal(app), body)


@app.post(
    "/admin/code-of-practice",
    **operation(
        "publishCodeOfPractice",
        "Publish a new version of the Code of Practice (administrators)",
        Area.ADMINISTRATION,
        status=201,
        success="The new current Code, with the day by which everyone must agree to it; "
        "every registered mentee and mentor is emailed once",
        errors=[Forbidden, VersionExists],
    ),
)
def publish_code(body: Annotated[CodePublication, Body()]) -> Response[CodeOfPracticeView]:
    context = app.lambda_context
    seconds_left = (
        (lambda: context.get_remaining_time_in_millis() / 1000 - _GATEWAY_MARGIN_SECONDS)
        if context is not None
        else (lambda: _GATEWAY_SECONDS)
    )
    return created(services.standing.publish(current_principal(app), body, seconds_left))


@app.post(
    "/admin/mentors/<user_id>/training",
    **operation(
        "recordTraining",
        "Record a mentor's training (administrators)",
        Area.ADMINISTRATION,
        status=201,
        success="The training record; peer mentoring or refresher training renews the "
        "mentor's training for its validity",
        errors=[Forbidden, NotFound],
    ),
)
def record_training(
    user_id: Annotated[str, Path(max_length=128)], body: Annotated[TrainingCreate, Body()]
) -> Response[TrainingView]:
    return created(services.standing.record_training(current_principal(app), user_id, body))


@app.post(
    "/admin/supervision",
    **operation(
        "recordSupervision",
        "Record a supervision session and who attended (administrators)",
        Area.ADMINISTRATION,
        status=201,
        success="The session; each attendee's supervision is up to date",
        errors=[Forbidden],
        description="Attendees who are not mentors are 422, naming them, and nothing is recorded.",
    ),
)
def record_supervision(body: Annotated[SupervisionCreate, Body()]) -> Response[SupervisionView]:
    return created(services.standing.record_supervision(current_principal(app), body))


# API Gateway gives up on a call after 29 seconds: the announcement stops well before.
_GATEWAY_SECONDS = 29.0
_GATEWAY_MARGIN_SECONDS = 5.0


lambda_handler = lambda_handler_for(app)
