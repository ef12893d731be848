"""Who may join: one reason per failed rule."""

from __future__ import annotations

import pytest

from mentoring.domain.eligibility import ineligibility_reasons, require_eligible
from mentoring.domain.models import MenteeRegistration
from mentoring.errors import Ineligible
from tests.support.bodies import CODE_OF_PRACTICE, mentee_body


def reasons_for(**overrides: object) -> list[str]:
    application = MenteeRegistration.model_validate(mentee_body(**overrides))
    return [reason.code for reason in ineligibility_reasons(application, CODE_OF_PRACTICE)]


def test_an_img_trainee_in_yorkshire_and_humber_is_eligible() -> None:
    assert reasons_for() == []


@pytest.mark.parametrize(
    "country", ["GB", "gb", "UK", "IE", "GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR", "XI"]
)
def test_a_uk_or_irish_primary_qualification_is_ineligible(country: str) -> None:
    assert reasons_for(pmq_country=country) == ["pmq_uk_or_ireland"]


@pytest.mark.parametrize("country", ["NG", "IN", "PK", "EG", "SY", "US", "IM", "JE"])
def test_a_primary_qualification_from_elsewhere_is_eligible(country: str) -> None:
    assert reasons_for(pmq_country=country) == []


def test_a_trainee_outside_the_region_is_ineligible() -> None:
    assert reasons_for(region="london") == ["outside_region"]


def test_region_ids_are_compared_without_regard_to_case() -> None:
    assert reasons_for(region="Yorkshire_And_Humber") == []


def test_a_doctor_not_in_training_is_ineligible() -> None:
    assert reasons_for(in_postgraduate_training=False) == ["not_in_training"]


def test_an_old_code_of_practice_version_is_not_acceptance() -> None:
    assert reasons_for(code_of_practice_version="2019.1") == ["code_of_practice_not_accepted"]


def test_every_failed_rule_is_reported_at_once() -> None:
    application = MenteeRegistration.model_validate(
        mentee_body(
            pmq_country="GB",
            region="north_west",
            in_postgraduate_training=False,
            code_of_practice_version="0",
        )
    )
    with pytest.raises(Ineligible) as refused:
        require_eligible(application, CODE_OF_PRACTICE)
    assert [detail["code"] for detail in refused.value.details] == [
        "pmq_uk_or_ireland",
        "outside_region",
        "not_in_training",
        "code_of_practice_not_accepted",
    ]
    assert all(detail["message"] for detail in refused.value.details)


def test_an_eligible_application_passes_the_check_that_refuses_others() -> None:
    require_eligible(MenteeRegistration.model_validate(mentee_body()), CODE_OF_PRACTICE)
