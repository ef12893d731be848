from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID

from local_stack import inbox
from tests.support.aws import aws, config, scheme
from tests.support.lambdas import load_function

__all__ = ["aws", "config", "scheme"]


@pytest.fixture
def registration(aws: Any) -> ModuleType:
    return load_function("registration")


@pytest.fixture
def directory(aws: Any) -> ModuleType:
    return load_function("directory")


@pytest.fixture
def matching(aws: Any) -> ModuleType:
    return load_function("matching")


@pytest.fixture
def reminders(aws: Any) -> ModuleType:
    return load_function("reminders")


def sent_emails() -> list[dict[str, Any]]:
    """What SES (moto) was asked to send: to, subject, text, html, as the local inbox reads it."""
    return inbox.sent_emails(DEFAULT_ACCOUNT_ID, "eu-west-2")
