"""Fixtures shared by every test: an environment that can never reach real AWS, a clock, callers.

The moto-backed fixtures (tables built from template.yaml) are in tests/support/aws.py, for
the service and handler tests; unit tests use neither moto nor sockets.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from mentoring.auth import Principal
from tests.support.clock import FixedClock

TABLE_NAME = "mentoring-test"
IDEMPOTENCY_TABLE_NAME = "idempotency-test"
CODE_OF_PRACTICE = "2024.1"
ACTION_SECRET_NAME = "img-mentoring-action-tokens"
ACTION_SECRET_VALUE = "local-test-secret-" * 4
SENDER = "mentoring@example.org"

# Never reach real AWS from a test, whatever the developer's shell holds.
os.environ.update(
    {
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "TABLE_NAME": TABLE_NAME,
        "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE_NAME,
        "CODE_OF_PRACTICE_VERSION": CODE_OF_PRACTICE,
        "CODE_OF_PRACTICE_URL": "https://example.org/code-of-practice",
        "SENDER_EMAIL": SENDER,
        "ADMIN_EMAIL": "admin@example.org",
        "ACTION_SECRET_ARN": ACTION_SECRET_NAME,
        "ALLOWED_ORIGINS": "http://localhost:*,http://127.0.0.1:*",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_SERVICE_NAME": "tests",
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
