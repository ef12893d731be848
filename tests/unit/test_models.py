"""Request bodies: what is accepted, normalised and refused before any rule runs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mentoring.domain.models import MenteeRegistration, MentorApplication, MentorUpdate
from tests.support.bodies import mentee_body, mentor_body


def error_fields(error: ValidationError) -> set[str]:
    return {".".join(str(part) for part in e["loc"]) for e in error.errors()}


def test_unknown_fields_are_refused_so_clients_cannot_set_status() -> None:
    with pytest.raises(ValidationError) as refused:
        MenteeRegistration.model_validate(mentee_body(status="approved", user_id="someone"))
    assert error_fields(refused.value) == {"status", "user_id"}


def test_text_is_trimmed_and_country_codes_upper_cased() -> None:
    registration = MenteeRegistration.model_validate(
        mentee_body(name="  Dr Chidi Eze ", pmq_country="ng")
    )
    assert registration.name == "Dr Chidi Eze"
    assert registration.pmq_country == "NG"


def test_an_unknown_country_code_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        MenteeRegistration.model_validate(mentee_body(pmq_country="ZZ"))
    assert error_fields(refused.value) == {"pmq_country"}


@pytest.mark.parametrize("value", ["yes", 1, "true"])
def test_training_status_must_be_a_real_boolean(value: object) -> None:
    with pytest.raises(ValidationError):
        MenteeRegistration.model_validate(mentee_body(in_postgraduate_training=value))


def test_languages_are_required_and_deduplicated_ignoring_case() -> None:
    with pytest.raises(ValidationError):
        MenteeRegistration.model_validate(mentee_body(languages=[]))
    registration = MenteeRegistration.model_validate(
        mentee_body(languages=["English", "english", "Igbo"])
    )
    assert registration.languages == ["English", "Igbo"]


def test_profession_is_doctor_or_dentist() -> None:
    with pytest.raises(ValidationError) as refused:
        MenteeRegistration.model_validate(mentee_body(profession="nurse"))
    assert error_fields(refused.value) == {"profession"}


@pytest.mark.parametrize("capacity", [0, 6, "2"])
def test_mentor_capacity_is_a_whole_number_from_one_to_five(capacity: object) -> None:
    with pytest.raises(ValidationError):
        MentorApplication.model_validate(mentor_body(capacity=capacity))


def test_mentor_capacity_defaults_to_two() -> None:
    body = mentor_body()
    del body["capacity"]
    assert MentorApplication.model_validate(body).capacity == 2


def test_a_patch_reports_only_what_was_sent() -> None:
    update = MentorUpdate.model_validate({"accepting_requests": False, "bio": None})
    assert update.changes() == {"accepting_requests": False, "bio": None}


def test_a_patch_may_not_null_a_required_field() -> None:
    with pytest.raises(ValidationError) as refused:
        MentorUpdate.model_validate({"name": None})
    assert error_fields(refused.value) == {"name"}
