"""The local stack, started once per test session (per xdist worker) and stopped afterwards."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.http import HttpAnswer, request
from tests.support.stack import RunningStack, start_stack

_emails = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    running.stop()


@dataclass
class Client:
    """A signed-in user of the local stack."""

    stack: RunningStack
    email: str
    token: str

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> HttpAnswer:
        return request(
            method, self.stack.api_url + path, token=self.token, json_body=body, **kwargs
        )

    @property
    def user_id(self) -> str:
        me = self.call("GET", "/me")
        return str(me.body["user_id"])


PASSWORD = "Correct-Horse-42"


def sign_in(stack: RunningStack, email: str, password: str = PASSWORD) -> str:
    result = stack.cognito().initiate_auth(
        ClientId=stack.info["user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return str(result["AuthenticationResult"]["IdToken"])


@pytest.fixture
def new_user(stack: RunningStack) -> Callable[[], Client]:
    """Sign up, confirm and sign in a brand-new user through the local Cognito."""

    def create() -> Client:
        email = f"user{next(_emails)}-{uuid.uuid4().hex[:8]}@example.org"
        cognito = stack.cognito()
        cognito.sign_up(
            ClientId=stack.info["user_pool_client_id"],
            Username=email,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        cognito.admin_confirm_sign_up(UserPoolId=stack.info["user_pool_id"], Username=email)
        return Client(stack, email, sign_in(stack, email))

    return create


def demo_client(stack: RunningStack, role: str) -> Client:
    user = next(u for u in stack.info["demo_users"] if u["role"].startswith(role))
    return Client(stack, user["email"], sign_in(stack, user["email"], user["password"]))


@pytest.fixture
def admin(stack: RunningStack) -> Client:
    return demo_client(stack, "administrator")


@pytest.fixture
def demo_mentee(stack: RunningStack) -> Client:
    return demo_client(stack, "mentee")


@pytest.fixture
def tmp_stack_dir(tmp_path: Path) -> Path:
    return tmp_path
