"""Handler tests: each function's lambda_handler driven by sample events, on moto.

Emails travel as in AWS: the API functions write notifications; `sent_emails()` runs the
notifications function over the table's stream (moto's) first, then reads what SES was asked
to send.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID

from local_stack import inbox
from local_stack.stream import (
    EventSourceMapping,
    InvocationFailed,
    MappingSettings,
    stream_arn,
    streams_client,
)
from local_stack.template import load_template
from tests.conftest import TABLE_NAME
from tests.support.aws import aws, config, scheme
from tests.support.lambdas import LambdaContext, load_function

_stream: list[EventSourceMapping] = []

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
def concerns(aws: Any) -> ModuleType:
    return load_function("concerns")


@pytest.fixture
def reminders(aws: Any) -> ModuleType:
    return load_function("reminders")


@pytest.fixture
def notifications(aws: Any) -> ModuleType:
    return load_function("notifications")


@pytest.fixture
def notification_stream(aws: Any, notifications: ModuleType) -> Iterator[EventSourceMapping]:
    """The notifications function on the table's stream, as its event source mapping runs it."""
    function = notifications

    def invoke(event: dict[str, Any]) -> Any:
        try:
            return function.lambda_handler(event, LambdaContext())
        except Exception as error:
            raise InvocationFailed(type(error).__name__) from error

    mapping = EventSourceMapping(
        streams_client(),
        stream_arn(aws, TABLE_NAME),
        invoke=invoke,
        settings=MappingSettings.from_template(load_template()),
        backoff=lambda attempt: 0.0,
    )
    _stream.append(mapping)
    yield mapping
    _stream.remove(mapping)


@pytest.fixture(autouse=True)
def _deliver_with_aws(request: pytest.FixtureRequest) -> None:
    if "aws" in request.fixturenames:
        request.getfixturevalue("notification_stream")


def sent_emails() -> list[dict[str, Any]]:
    """What SES (moto) was asked to send, once every notification written so far has been
    through the notifications function: to, subject, text, html, as the local inbox reads it."""
    for mapping in _stream:
        mapping.drain()
    return inbox.sent_emails(DEFAULT_ACCOUNT_ID, "eu-west-2")
