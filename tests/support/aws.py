"""moto-backed fixtures for the service and handler tests: AWS with the template's tables.

Imported by tests/service/conftest.py and tests/handlers/conftest.py; unit tests never use
them (they run without moto and without sockets).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local_stack.moto_speed import keep_dynamodb_lean
from local_stack.resources import create_tables
from local_stack.template import load_template
from mentoring.data.dynamo import dynamodb_client
from mentoring.data.link_secret import secrets_provider
from tests.conftest import (
    ACTION_SECRET_NAME,
    ACTION_SECRET_VALUE,
    IDEMPOTENCY_TABLE_NAME,
    SENDER,
    TABLE_NAME,
)
from tests.support.clock import FixedClock
from tests.support.scheme import Scheme, SchemeConfig


@pytest.fixture
def aws() -> Iterator[Any]:
    """moto with the template's tables; yields a DynamoDB client."""
    with moto_with_the_tables() as client:
        yield client


@contextmanager
def moto_with_the_tables() -> Iterator[Any]:
    """moto with the template's tables, a verified sender and the link secret; yields a
    DynamoDB client (for a test that makes its own world, a state machine's, say)."""
    keep_dynamodb_lean()
    with mock_aws():
        dynamodb_client.cache_clear()
        secrets_provider.cache_clear()
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
        secrets_provider.cache_clear()


@pytest.fixture
def config() -> SchemeConfig:
    """A configuration as the template deploys it by default (tests/conftest.py's environment)."""
    return SchemeConfig.from_environment()


@pytest.fixture
def scheme(aws: Any, clock: FixedClock, config: SchemeConfig) -> Scheme:
    """Every service on moto, with a clock and a mailer to watch."""
    return Scheme(config, aws, clock)
