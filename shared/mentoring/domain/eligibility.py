"""Who may join the scheme: one reason for each rule an application fails."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.config import ELIGIBLE_REGION
from mentoring.domain.countries import is_uk_or_ireland
from mentoring.domain.models import ProfileFields
from mentoring.errors import Ineligible


@dataclass(frozen=True)
class IneligibilityReason:
    code: str
    message: str

    def as_detail(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


PMQ_UK_OR_IRELAND = IneligibilityReason(
    "pmq_uk_or_ireland",
    "The scheme is for doctors and dentists whose primary qualification was awarded outside "
    "the UK and Ireland.",
)
OUTSIDE_REGION = IneligibilityReason(
    "outside_region",
    "The scheme is open to postgraduate doctors and dentists in training in Yorkshire and Humber.",
)
NOT_IN_TRAINING = IneligibilityReason(
    "not_in_training", "The scheme is for doctors and dentists in postgraduate training."
)
CODE_OF_PRACTICE_NOT_ACCEPTED = IneligibilityReason(
    "code_of_practice_not_accepted",
    "Please read and accept the current IMG Peer Mentoring Ethical Framework and Code of Practice.",
)


TRAINING_EXPIRED = IneligibilityReason(
    "training_expired",
    "Your peer mentoring training is too long ago to count: please complete a refresher "
    "course first.",
)


def ineligibility_reasons(
    application: ProfileFields, current_code_of_practice: str
) -> list[IneligibilityReason]:
    reasons = []
    if is_uk_or_ireland(application.pmq_country):
        reasons.append(PMQ_UK_OR_IRELAND)
    if application.region != ELIGIBLE_REGION:
        reasons.append(OUTSIDE_REGION)
    if not application.in_postgraduate_training:
        reasons.append(NOT_IN_TRAINING)
    if application.code_of_practice_version != current_code_of_practice:
        reasons.append(CODE_OF_PRACTICE_NOT_ACCEPTED)
    return reasons


def require_eligible(application: ProfileFields, current_code_of_practice: str) -> None:
    reasons = ineligibility_reasons(application, current_code_of_practice)
    if reasons:
        raise Ineligible(details=[reason.as_detail() for reason in reasons])
