"""The local stack, started once per test session (per xdist worker) and stopped afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.clients import Client, demo_client, sign_up
from tests.support.stack import RunningStack, start_stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    running.stop()


@pytest.fixture
def new_user(stack: RunningStack) -> Callable[[], Client]:
    """Sign up, confirm and sign in a brand-new user through the local Cognito."""
    return lambda: sign_up(stack)


@pytest.fixture
def admin(stack: RunningStack) -> Client:
    return demo_client(stack, "administrator")


@pytest.fixture
def demo_mentee(stack: RunningStack) -> Client:
    return demo_client(stack, "mentee")


@pytest.fixture
def tmp_stack_dir(tmp_path: Path) -> Path:
    return tmp_path
