"""Fixtures shared by every test: an environment that can never reach real AWS, a clock, callers.

The moto-backed fixtures (tables built from template.yaml) are in tests/support/aws.py, for
the service and handler tests; unit tests use neither moto nor sockets.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from local_stack.parameters import references
from local_stack.template import function_environment, load_template, resources_of_type
from mentoring.domain.principal import Principal
from tests.support.clock import FixedClock

TABLE_NAME = "mentoring-test"
IDEMPOTENCY_TABLE_NAME = "idempotency-test"
CODE_OF_PRACTICE = "2024.1"
ACTION_SECRET_NAME = "img-mentoring-action-tokens"
ACTION_SECRET_VALUE = "local-test-secret-" * 4
SENDER = "mentoring@example.org"


def _environment() -> dict[str, str]:
    """Every function's settings as the template gives them (its parameter defaults), with the
    tests' own names for the tables and the secret: the scheme's numbers have one source."""
    template = load_template()
    values = references(ACTION_SECRET_NAME, "eu-west-2_testpool")
    environment: dict[str, str] = {}
    for function_id in resources_of_type(template, "AWS::Serverless::Function"):
        environment |= function_environment(
            template,
            function_id,
            values,
            overrides={"PUBLIC_API_URL": "https://api.example.org/v1"},
        )
    return environment | {
        "TABLE_NAME": TABLE_NAME,
        "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE_NAME,
        "SENDER_EMAIL": SENDER,
        "CODE_OF_PRACTICE_URL": "https://example.org/code-of-practice",
        "POWERTOOLS_SERVICE_NAME": "tests",
    }


# Never reach real AWS from a test, whatever the developer's shell holds.
os.environ.update(
    {
        **_environment(),
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
    }
)
for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(variable, None)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 10, 30, tzinfo=UTC))


@pytest.fixture
def admin() -> Principal:
    return Principal(user_id="admin-1", email="admin@example.org", groups=frozenset({"admins"}))


@pytest.fixture
def trainee() -> Principal:
    return Principal(user_id="trainee-1", email="trainee@example.org", groups=frozenset())
