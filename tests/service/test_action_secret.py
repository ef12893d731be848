"""The deployment's secret (one-click links, cursor seals) is read from Secrets Manager; when
it cannot be read the caller gets 503, and the log names only the kind of failure."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.data.link_secret import read_secret
from mentoring.errors import ServiceUnavailable
from tests.conftest import ACTION_SECRET_NAME, ACTION_SECRET_VALUE


def test_the_secret_is_read_from_secrets_manager(aws: Any) -> None:
    assert read_secret(ACTION_SECRET_NAME) == ACTION_SECRET_VALUE.encode()


def test_an_unreadable_secret_is_a_503(aws: Any, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ServiceUnavailable):
        read_secret("arn:aws:secretsmanager:eu-west-2:123456789012:secret:gone-AbCdEf")
    (logged,) = [r for r in caplog.records if r.getMessage() == "Secret unavailable"]
    assert "gone" not in str(logged.__dict__)
