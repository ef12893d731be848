from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.support.lambdas import load_function


@pytest.fixture
def registration(aws: Any) -> ModuleType:
    return load_function("registration")


@pytest.fixture
def directory(aws: Any) -> ModuleType:
    return load_function("directory")
