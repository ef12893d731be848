"""Registration rules, end to end through the service and a moto table built from the template."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.domain.models import (
    MenteeRegistration,
    MenteeUpdate,
    MentorApplication,
    MentorUpdate,
)
from mentoring.domain.paging import PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MentorStatus
from mentoring.errors import (
    AlreadyRegistered,
    Forbidden,
    Ineligible,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from mentoring.services.registration import RegistrationService
from mentoring.services.vetting import VettingService
from tests.conftest import TABLE_NAME
from tests.support.bodies import mentee_body, mentor_body
from tests.support.clock import FixedClock
from tests.support.scheme import Scheme


@pytest.fixture
def service(scheme: Scheme) -> RegistrationService:
    return scheme.registration


@pytest.fixture
def vetting(scheme: Scheme) -> VettingService:
    return scheme.vetting


def applicant(number: int) -> Principal:
    return Principal(user_id=f"mentor-{number}", email=f"m{number}@example.org", groups=frozenset())


def apply(service: RegistrationService, number: int, **overrides: Any) -> str:
    body = MentorApplication.model_validate(mentor_body(**overrides))
    return service.apply_as_mentor(applicant(number), body).mentor_id


def test_registering_as_a_mentee_stores_the_profile_with_the_callers_identity(
    service: RegistrationService, trainee: Principal
) -> None:
    profile = service.register_mentee(trainee, MenteeRegistration.model_validate(mentee_body()))

    assert profile.user_id == trainee.user_id
    assert profile.email == trainee.email
    assert profile.status == "active"
    me = service.me(trainee)
    assert me.mentee == profile
    assert me.mentor is None


def test_registering_twice_is_a_conflict(service: RegistrationService, trainee: Principal) -> None:
    body = MenteeRegistration.model_validate(mentee_body())
    service.register_mentee(trainee, body)
    with pytest.raises(AlreadyRegistered):
        service.register_mentee(trainee, body)


def test_an_ineligible_trainee_is_not_stored(
    service: RegistrationService, trainee: Principal
) -> None:
    with pytest.raises(Ineligible):
        service.register_mentee(
            trainee, MenteeRegistration.model_validate(mentee_body(region="london"))
        )
    assert service.me(trainee).mentee is None


def test_a_mentor_application_waits_for_approval(
    service: RegistrationService,
) -> None:
    profile = service.apply_as_mentor(applicant(1), MentorApplication.model_validate(mentor_body()))
    assert profile.status == "pending_approval"
    assert profile.mentor_id == profile.user_id == "mentor-1"
    assert profile.available is False


def test_training_cannot_have_been_completed_in_the_future(
    service: RegistrationService, clock: FixedClock
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        apply(service, 1, training_completed_on="2026-11-26")
    assert refused.value.details[0]["field"] == "training_completed_on"
    assert apply(service, 2, training_completed_on="2026-11-25")


def test_one_person_can_be_both_mentee_and_mentor(
    service: RegistrationService, trainee: Principal
) -> None:
    service.register_mentee(trainee, MenteeRegistration.model_validate(mentee_body()))
    service.apply_as_mentor(trainee, MentorApplication.model_validate(mentor_body()))
    me = service.me(trainee)
    assert me.mentee is not None
    assert me.mentor is not None


def test_only_administrators_approve_and_suspend(
    vetting: VettingService, service: RegistrationService
) -> None:
    mentor_id = apply(service, 1)
    with pytest.raises(Forbidden):
        vetting.approve_mentor(applicant(2), mentor_id)
    with pytest.raises(Forbidden):
        vetting.list_mentors(applicant(2), None, PageRequest())


def test_approval_then_suspension_then_reinstatement(
    vetting: VettingService, service: RegistrationService, admin: Principal
) -> None:
    mentor_id = apply(service, 1)

    approved = vetting.approve_mentor(admin, mentor_id)
    assert approved.status == "approved"
    assert approved.approved_at is not None
    assert approved.available is True

    suspended = vetting.suspend_mentor(admin, mentor_id)
    assert suspended.status == "suspended"
    assert suspended.available is False

    assert vetting.approve_mentor(admin, mentor_id).status == "approved"


def test_approving_an_approved_mentor_is_an_invalid_transition(
    vetting: VettingService, service: RegistrationService, admin: Principal
) -> None:
    mentor_id = apply(service, 1)
    vetting.approve_mentor(admin, mentor_id)
    with pytest.raises(InvalidTransition):
        vetting.approve_mentor(admin, mentor_id)


def test_approving_someone_who_never_applied_is_not_found(
    vetting: VettingService, service: RegistrationService, admin: Principal
) -> None:
    with pytest.raises(NotFound):
        vetting.approve_mentor(admin, "nobody")


def test_administrators_list_mentors_by_status_oldest_first(
    vetting: VettingService, service: RegistrationService, admin: Principal, clock: FixedClock
) -> None:
    ids = []
    for number in range(1, 6):
        ids.append(apply(service, number))
        clock.advance(minutes=1)
    vetting.approve_mentor(admin, ids[1])

    pending = vetting.list_mentors(admin, MentorStatus.PENDING_APPROVAL, PageRequest(limit=2))
    assert [m.mentor_id for m in pending.items] == [ids[0], ids[2]]
    assert pending.next_cursor is not None
    rest = vetting.list_mentors(
        admin, MentorStatus.PENDING_APPROVAL, PageRequest(limit=2, cursor=pending.next_cursor)
    )
    assert [m.mentor_id for m in rest.items] == [ids[3], ids[4]]
    assert rest.next_cursor is None

    approved = vetting.list_mentors(admin, MentorStatus.APPROVED, PageRequest())
    assert [m.mentor_id for m in approved.items] == [ids[1]]
    everyone = vetting.list_mentors(admin, None, PageRequest(limit=50))
    assert len(everyone.items) == 5


def test_a_mentee_updates_only_the_fields_sent(
    service: RegistrationService, trainee: Principal, clock: FixedClock
) -> None:
    service.register_mentee(trainee, MenteeRegistration.model_validate(mentee_body()))
    clock.advance(hours=1)

    updated = service.update_mentee(
        trainee, MenteeUpdate.model_validate({"placement_site": "York Hospital", "bio": None})
    )

    assert updated.placement_site == "York Hospital"
    assert updated.bio is None
    assert updated.name == "Dr Chidi Eze"
    assert updated.updated_at > updated.created_at


def test_updating_a_profile_you_do_not_have_is_not_found(
    service: RegistrationService, trainee: Principal
) -> None:
    with pytest.raises(NotFound):
        service.update_mentee(trainee, MenteeUpdate.model_validate({"grade": "CT2"}))
    with pytest.raises(NotFound):
        service.update_mentor(trainee, MentorUpdate.model_validate({"capacity": 3}))
    with pytest.raises(NotFound):
        service.update_mentor(trainee, MentorUpdate.model_validate({}))


def test_a_mentor_can_stop_accepting_requests(
    vetting: VettingService, service: RegistrationService, admin: Principal
) -> None:
    mentor_id = apply(service, 1)
    vetting.approve_mentor(admin, mentor_id)
    updated = service.update_mentor(
        applicant(1), MentorUpdate.model_validate({"accepting_requests": False, "capacity": 4})
    )
    assert (updated.accepting_requests, updated.capacity, updated.available) == (False, 4, False)


def test_capacity_cannot_drop_below_current_mentees(service: RegistrationService, aws: Any) -> None:
    apply(service, 1, capacity=3)
    aws.update_item(
        TableName=TABLE_NAME,
        Key={"PK": {"S": "USER#mentor-1"}, "SK": {"S": "MENTOR"}},
        UpdateExpression="SET active_matches = :two, places_taken = :two",
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    with pytest.raises(ValidationFailed) as refused:
        service.update_mentor(applicant(1), MentorUpdate.model_validate({"capacity": 1}))
    assert refused.value.details[0]["field"] == "capacity"
    assert (
        service.update_mentor(applicant(1), MentorUpdate.model_validate({"capacity": 2})).capacity
        == 2
    )
