"""Each function's configuration: one validated model, read from its environment once, at cold
start. The values come from template.yaml (its parameters are the one source of each scheme
number: four sessions, five working days, the ladder's steps); nothing here has a default.
A missing or malformed setting stops the cold start with a message naming it.

Fixed by the API contract rather than configured: the one eligible region, feedback
hidden below three evaluations, report counts below five shown as "<5", meetings at most 90
days ahead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ELIGIBLE_REGION = "yorkshire_and_humber"
# With fewer evaluations than this, a mentor could work out who said what.
FEEDBACK_MINIMUM = 3
# Any count from 1 to below this is shown as "<5"; averages from fewer people are withheld.
SUPPRESS_BELOW = 5
# A meeting may be arranged at most this many days ahead.
MEETING_HORIZON_DAYS = 90
# A mentee may wait for at most this many mentors at once.
MOST_WAITING_LISTS = 3


class ConfigurationError(RuntimeError):
    """The function's environment is missing a setting or has one that is not valid."""


class _FromEnvironment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class SchemeRules(_FromEnvironment):
    """The scheme's numbers and code of practice, as deployed."""

    code_of_practice_version: str = Field(alias="CODE_OF_PRACTICE_VERSION", min_length=1)
    code_of_practice_url: str = Field(alias="CODE_OF_PRACTICE_URL", min_length=1)
    sessions_limit: int = Field(alias="SESSIONS_LIMIT", ge=1, le=12)
    response_working_days: int = Field(alias="RESPONSE_WORKING_DAYS", ge=1)
    escalate_after_working_days: int = Field(alias="ESCALATE_AFTER_WORKING_DAYS", ge=0)
    expire_after_working_days: int = Field(alias="EXPIRE_AFTER_WORKING_DAYS", ge=1)
    evaluation_reminder_after_working_days: int = Field(
        alias="EVALUATION_REMINDER_AFTER_WORKING_DAYS", ge=1
    )
    max_requests_per_day: int = Field(alias="MAX_REQUESTS_PER_DAY", ge=1)
    nudge_after_days: int = Field(alias="NUDGE_AFTER_DAYS", ge=1)
    # A place offered from a waiting list is held to the end of this working day.
    hold_working_days: int = Field(alias="HOLD_WORKING_DAYS", ge=1)
    # Standing (mentoring.domain.standing): training valid, supervision expected, a new Code
    # agreed within, and warnings ahead.
    training_valid_months: int = Field(alias="TRAINING_VALID_MONTHS", ge=1)
    supervision_interval_months: int = Field(alias="SUPERVISION_INTERVAL_MONTHS", ge=1)
    code_of_practice_grace_days: int = Field(alias="CODE_OF_PRACTICE_GRACE_DAYS", ge=0)
    standing_notice_days: int = Field(alias="STANDING_NOTICE_DAYS", ge=0)


class FunctionConfig(_FromEnvironment):
    """What every function reads."""

    table_name: str = Field(alias="TABLE_NAME", min_length=1)
    rules: SchemeRules
    # Signs the emailed links and seals list cursors (Secrets Manager).
    secret_arn: str = Field(alias="ACTION_SECRET_ARN", min_length=1)

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] | None = None) -> Self:
        source: dict[str, Any] = dict(os.environ if environment is None else environment)
        try:
            return cls.model_validate({**source, "rules": source})
        except ValidationError as error:
            problems = "; ".join(
                f"{_variable(cls, problem['loc'])}: {problem['msg']}" for problem in error.errors()
            )
            raise ConfigurationError(f"{cls.__name__} cannot start: {problems}") from None


def _variable(model: type[BaseModel], location: tuple[Any, ...]) -> str:
    """The environment variable behind an error's location (e.g. rules.sessions_limit)."""
    for part in location:
        field = model.model_fields.get(str(part))
        if field is None:
            break
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
            continue
        return field.alias or str(part)
    return ".".join(str(part) for part in location)


class ApiConfig(FunctionConfig):
    """What every API function reads besides: the web origins allowed to call it."""

    allowed_origins: str = Field(alias="ALLOWED_ORIGINS")


class RegistrationConfig(ApiConfig):
    user_pool_id: str = Field(alias="USER_POOL_ID", min_length=1)


class DirectoryConfig(ApiConfig):
    pass


class MatchingConfig(ApiConfig):
    idempotency_table_name: str = Field(alias="IDEMPOTENCY_TABLE_NAME", min_length=1)
    # The link pages name whom to ask.
    admin_email: str = Field(alias="ADMIN_EMAIL", min_length=3)


class SessionsConfig(ApiConfig):
    pass


class EvaluationConfig(ApiConfig):
    pass


class ConcernsConfig(ApiConfig):
    # A closed concern is kept this long for safeguarding, then deleted (DynamoDB's TTL).
    concern_kept_years: int = Field(alias="CONCERN_KEPT_YEARS", ge=1, le=25)


class RemindersConfig(FunctionConfig):
    pass


class NotificationsConfig(FunctionConfig):
    """The only function that sends email."""

    sender_email: str = Field(alias="SENDER_EMAIL", min_length=3)
    admin_email: str = Field(alias="ADMIN_EMAIL", min_length=3)
    # Not behind the API itself, so it is told the API's address for the links it emails.
    public_api_url: str = Field(alias="PUBLIC_API_URL", min_length=1)
