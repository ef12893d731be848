"""Fixtures shared by every test: a clean AWS environment, tables built from template.yaml."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from local_stack.resources import create_tables
from local_stack.template import load_template
from mentoring.auth import Principal
from mentoring.config import Settings, settings
from mentoring.dynamo import dynamodb_client
from mentoring.privacy_repository import PrivacyRepository
from mentoring.repository import DynamoRepository
from tests.support.clock import FixedClock
from tests.support.scheme import Scheme

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
def aws() -> Iterator[Any]:
    """moto with the template's tables; yields a DynamoDB client."""
    with mock_aws():
        dynamodb_client.cache_clear()
        settings.cache_clear()
        parameters.clear_caches()  # type: ignore[no-untyped-call]
        client = boto3.client("dynamodb")
        create_tables(
            client,
            load_template(),
            {"MentoringTable": TABLE_NAME, "IdempotencyTable": IDEMPOTENCY_TABLE_NAME},
        )
        # What the template provides besides the tables: a verified sender, the link secret.
        boto3.client("ses").verify_email_identity(EmailAddress=SENDER)
        boto3.client("secretsmanager").create_secret(
            Name=ACTION_SECRET_NAME, SecretString=ACTION_SECRET_VALUE
        )
        yield client
        dynamodb_client.cache_clear()


@pytest.fixture
def repository(aws: Any) -> DynamoRepository:
    return DynamoRepository(TABLE_NAME, client=aws)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 25, 10, 30, tzinfo=UTC))


@pytest.fixture
def test_settings() -> Settings:
    return Settings.from_env()


@pytest.fixture
def scheme(aws: Any, clock: FixedClock, test_settings: Settings) -> Scheme:
    """Registration, matching and the reminder job on moto, with a clock and a mailer to watch."""
    return Scheme(PrivacyRepository(TABLE_NAME, client=aws), clock, test_settings)


@pytest.fixture
def admin() -> Principal:
    return Principal(user_id="admin-1", email="admin@example.org", groups=frozenset({"admins"}))


@pytest.fixture
def trainee() -> Principal:
    return Principal(user_id="trainee-1", email="trainee@example.org", groups=frozenset())
