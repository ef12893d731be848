"""Each function's configuration: read once from its environment, every setting required."""

from __future__ import annotations

import os

import pytest

from mentoring.config import (
    ConfigurationError,
    MatchingConfig,
    RegistrationConfig,
    RemindersConfig,
)
from mentoring.wording import in_words


def test_the_template_defaults_are_the_schemes_numbers() -> None:
    # tests/conftest.py sets the environment from template.yaml's own defaults.
    rules = RegistrationConfig.from_environment().rules
    assert (rules.sessions_limit, rules.response_working_days) == (4, 5)
    assert (rules.escalate_after_working_days, rules.expire_after_working_days) == (2, 5)
    assert (rules.max_requests_per_day, rules.nudge_after_days) == (5, 30)
    assert rules.evaluation_reminder_after_working_days == 5


def test_a_missing_setting_stops_the_cold_start_naming_it() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SESSIONS_LIMIT"}
    with pytest.raises(ConfigurationError, match="SESSIONS_LIMIT: Field required"):
        RegistrationConfig.from_environment(environment)


def test_a_malformed_setting_stops_the_cold_start_naming_it() -> None:
    environment = dict(os.environ) | {"RESPONSE_WORKING_DAYS": "five", "TABLE_NAME": ""}
    with pytest.raises(ConfigurationError) as refused:
        MatchingConfig.from_environment(environment)
    assert "RESPONSE_WORKING_DAYS" in str(refused.value)
    assert "TABLE_NAME" in str(refused.value)


def test_each_function_asks_only_for_what_it_uses() -> None:
    without_pool = {k: v for k, v in os.environ.items() if k != "USER_POOL_ID"}
    RemindersConfig.from_environment(without_pool)  # the schedule never erases anyone
    with pytest.raises(ConfigurationError, match="USER_POOL_ID"):
        RegistrationConfig.from_environment(without_pool)


@pytest.mark.parametrize(("number", "words"), [(0, "no"), (4, "four"), (5, "five"), (21, "21")])
def test_numbers_read_as_words_in_sentences(number: int, words: str) -> None:
    assert in_words(number) == words
