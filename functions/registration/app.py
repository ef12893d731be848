"""Registration: the scheme's rules, mentee and mentor profiles, vetting of mentors."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from mentoring.clock import SystemClock
from mentoring.config import settings
from mentoring.http import created, current_principal, lambda_handler_for, make_resolver
from mentoring.models import (
    Me,
    MenteeProfile,
    MenteeRegistration,
    MenteeUpdate,
    MentorApplication,
    MentorProfile,
    MentorUpdate,
    Page,
    SchemeInfo,
)
from mentoring.pagination import DEFAULT_LIMIT
from mentoring.params import Cursor, Limit, page_request
from mentoring.records import MentorStatus
from mentoring.repository import DynamoRepository
from mentoring.services.registration import RegistrationService

app = make_resolver()
service = RegistrationService(
    repository=DynamoRepository(settings().table_name), clock=SystemClock(), settings=settings()
)


@app.get("/scheme")
def get_scheme() -> SchemeInfo:
    current_principal(app)
    return service.scheme()


@app.post("/mentees")
def register_mentee(body: Annotated[MenteeRegistration, Body()]) -> Response[MenteeProfile]:
    return created(service.register_mentee(current_principal(app), body))


@app.post("/mentors")
def apply_as_mentor(body: Annotated[MentorApplication, Body()]) -> Response[MentorProfile]:
    return created(service.apply_as_mentor(current_principal(app), body))


@app.get("/me")
def get_me() -> Me:
    return service.me(current_principal(app))


@app.patch("/me/mentee")
def update_mentee(body: Annotated[MenteeUpdate, Body()]) -> MenteeProfile:
    return service.update_mentee(current_principal(app), body)


@app.patch("/me/mentor")
def update_mentor(body: Annotated[MentorUpdate, Body()]) -> MentorProfile:
    return service.update_mentor(current_principal(app), body)


@app.get("/admin/mentors")
def list_mentors(
    status: Annotated[MentorStatus | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[MentorProfile]:
    return service.list_mentors(current_principal(app), status, page_request(limit, cursor))


@app.post("/admin/mentors/<user_id>/approve")
def approve_mentor(user_id: Annotated[str, Path(max_length=128)]) -> MentorProfile:
    return service.approve_mentor(current_principal(app), user_id)


@app.post("/admin/mentors/<user_id>/suspend")
def suspend_mentor(user_id: Annotated[str, Path(max_length=128)]) -> MentorProfile:
    return service.suspend_mentor(current_principal(app), user_id)


lambda_handler = lambda_handler_for(app)
